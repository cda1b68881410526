from . import acr_profitability_report, acr_relationship_report
