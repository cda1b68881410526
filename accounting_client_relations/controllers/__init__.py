from . import portal_contracts, portal_meetings
