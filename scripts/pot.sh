#!/usr/bin/env bash
# `make pot`: regenerate every addon's i18n/<addon>.pot from a fresh install
# of the addons (code strings, views, data).
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup
DB="${ACR_POT_DB:-acr_pot}"
CONF="$ACR_CACHE/odoo-pot-$DB.conf"
write_config "$CONF" "$DB" 8069
fresh_db "$DB"
install_addon "$CONF" "$DB" "$ACR_CACHE/pot-install-$DB.log"
for addon in "${ADDONS[@]}"; do
    POT="$ACR_ROOT/$addon/i18n/$addon.pot"
    odoo_bin "$CONF" -d "$DB" --i18n-export="$POT" --modules="$addon" --stop-after-init --log-level=warn
    log "wrote $POT"
done
dropdb --if-exists "$DB"
