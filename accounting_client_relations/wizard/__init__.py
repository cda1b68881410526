from . import (
    acr_deadline_example_wizard,
    acr_deadline_regenerate_wizard,
    acr_meeting_held_wizard,
    acr_meeting_minutes_revise,
    acr_price_change_wizard,
    acr_punctuality_discuss,
)
