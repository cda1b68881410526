from . import (
    account_move,
    account_move_line,
    acr_agreement,
    acr_client,
    acr_extra_service,
    acr_meeting,
    res_company,
    res_config_settings,
)
