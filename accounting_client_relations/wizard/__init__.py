from . import acr_meeting_minutes_revise, acr_price_change_wizard
