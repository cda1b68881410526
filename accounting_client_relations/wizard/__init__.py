from . import acr_meeting_minutes_revise
