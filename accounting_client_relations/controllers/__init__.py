from . import (
    portal_contracts,
    portal_deadlines,
    portal_documents,
    portal_home,
    portal_meetings,
    portal_survey,
)
