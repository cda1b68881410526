#!/usr/bin/env bash
# `make pot`: regenerate i18n/accounting_client_relations.pot from a fresh
# install of the addon (code strings, views, data).
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup
DB="${ACR_POT_DB:-acr_pot}"
CONF="$ACR_CACHE/odoo-pot-$DB.conf"
write_config "$CONF" "$DB" 8069
fresh_db "$DB"
install_addon "$CONF" "$DB" "$ACR_CACHE/pot-install-$DB.log"
POT="$ACR_ROOT/$ADDON/i18n/$ADDON.pot"
odoo_bin "$CONF" -d "$DB" --i18n-export="$POT" --modules="$ADDON" --stop-after-init --log-level=warn
dropdb --if-exists "$DB"
log "wrote $POT"
