from . import acr_price_change_wizard
