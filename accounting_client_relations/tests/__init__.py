from . import (
    test_access,
    test_automation,
    test_gate,
    test_partner,
    test_plan,
    test_portal,
    test_price_change,
    test_tariff,
    test_ui,
)
