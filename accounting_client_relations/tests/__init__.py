from . import test_access, test_automation, test_gate, test_partner, test_plan, test_ui
