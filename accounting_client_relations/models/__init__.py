from . import acr_legal_form
from . import acr_tax_regime
from . import acr_segment
from . import acr_onboarding_stage
from . import acr_client
from . import res_partner
from . import mail_activity
from . import mail_activity_plan_template
