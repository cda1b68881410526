from . import (
    acr_client,
    acr_legal_form,
    acr_onboarding_stage,
    acr_segment,
    acr_tax_regime,
    mail_activity,
    mail_activity_plan_template,
    res_partner,
)
