#!/usr/bin/env bash
# `make run`: set up, create the demo database once, serve it on
# http://localhost:8069 and print the demo logins.
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup

DB="${ACR_DEMO_DB:-acr_demo}"
PORT="${ACR_HTTP_PORT:-8069}"
CONF="$ACR_CACHE/odoo-demo.conf"
write_config "$CONF" "$DB" "$PORT"

if ! psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    fresh_db "$DB"
    install_addon "$CONF" "$DB" "$ACR_CACHE/demo-install.log"
else
    log "updating $ADDONS_CSV in the existing demo database $DB (ACR_DEMO_DB=other to start anew)"
    # -i, not -u: a database made before the bridge existed gets it now.
    odoo_bin "$CONF" -d "$DB" -i "$ADDONS_CSV" -u "$ADDONS_CSV" --stop-after-init --log-level=warn
fi

cat <<TXT

  Accounting Client Relations is served on http://localhost:$PORT  (database $DB)

  Demo logins (login / password):
    manager      / manager       Helena Marsh, managing partner (all clients, configuration)
    accountant   / accountant    Tomas Novak, accountant (his clients' pipeline)
    coordinator  / coordinator   Sofia Lind, client coordinator
    client       / client        Olivia Bennett, portal user of Brightside Bakery Ltd
    client_pl, client_ru, client_nb, client_zh, client_fa (password = login)
                                 a portal client in Polish, Russian, Norwegian, Chinese, Persian
    admin        / admin         Odoo administrator

  Stop with Ctrl+C.
TXT
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB"
