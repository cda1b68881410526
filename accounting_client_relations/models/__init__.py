# The mixin first: the models below inherit it.
# The shared bulk helpers (mails compiled once, activities in one batch,
# scheduled jobs in batches): every job below uses them.
from . import (
    acr_activity_bulk,
    acr_cron_batch,
    acr_form_action_mixin,
    acr_mail_bulk,
    acr_state_guard_mixin,
    mail_render_mixin,
)

# isort: split
from . import (
    acr_action_item,
    acr_agreement,
    acr_agreement_amendment,
    acr_client,
    acr_contact_log,
    acr_deadline,
    acr_deadline_template,
    acr_document_expected,
    acr_document_request,
    acr_document_template,
    acr_legal_form,
    acr_meeting,
    acr_meeting_change_kind,
    acr_meeting_minutes,
    acr_meeting_topic,
    acr_meeting_type,
    acr_onboarding_stage,
    acr_power_attorney,
    acr_segment,
    acr_service,
    acr_surcharge,
    acr_tariff_parameter,
    acr_tariff_plan,
    acr_tariff_quote,
    acr_tariff_quote_line,
    acr_tariff_quote_value,
    acr_tariff_rule,
    acr_tariff_tier,
    acr_tax_regime,
    calendar_attendee,
    calendar_event,
    mail_activity,
    mail_activity_plan_template,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    survey_question,
    survey_question_answer,
)

# isort: split
# Extends acr.client (above) with its compliance calendar.
from . import acr_client_deadline, acr_client_document

# isort: split
# The expectation surveys, their gap, campaigns and interview targets, and
# the survey and client-file extensions that refer to them.
from . import (
    acr_client_survey,
    acr_communication_review,
    acr_expectation_gap,
    acr_interview_target,
    acr_meeting_interview,
    acr_survey_campaign,
    survey_user_input,
)

# isort: split
# The annual relationship review (issue 15).
from . import acr_client_review, acr_client_review_client, acr_review_threshold
