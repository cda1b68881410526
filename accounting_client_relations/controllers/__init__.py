from . import portal_contracts, portal_home, portal_meetings
