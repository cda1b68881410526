from . import portal_contracts, portal_deadlines, portal_home, portal_meetings, portal_survey
