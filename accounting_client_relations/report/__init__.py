from . import acr_relationship_report
