from . import acr_dashboard, acr_profitability_report, acr_relationship_report, acr_workload_report
