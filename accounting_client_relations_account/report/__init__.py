from . import acr_profitability_report
