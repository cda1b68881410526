#!/usr/bin/env bash
# `make test`: set up, lint, build a fresh database, install the addon (no
# WARNING or ERROR allowed), run the suite under Odoo's own runner and the
# two-server test (scripts/test_native.sh, scripts/test_multi.sh), then the
# whole suite with pytest-odoo, browser tours included. Fails on any skipped
# test.
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup

DB="${ACR_TEST_DB:-acr_test}"
# ACR_TEST_PORT lets several checkouts test side by side on one machine.
LOG_DIR="$ACR_ROOT/.test-logs"
mkdir -p "$LOG_DIR"
CONF="$LOG_DIR/odoo-test.conf"

"$ACR_ROOT/scripts/lint.sh"

# No cron threads while testing: jobs run by the tests themselves, never by
# a background thread racing them.
write_config "$CONF" "$DB" "${ACR_TEST_PORT:-8069}" 0
fresh_db "$DB"
install_addon "$CONF" "$DB" "$LOG_DIR/install.log"

# The whole run (no pytest arguments) also runs the suite under Odoo's own
# test runner and the two-server test, each on its own fresh database, before
# pytest (whose closing line ends the output). ACR_QUICK=1 leaves them out.
if [ $# -eq 0 ] && [ "${ACR_QUICK:-0}" != 1 ]; then
    ACR_NATIVE_DB="${DB}_native" ACR_NATIVE_PORT=$(( ${ACR_TEST_PORT:-8069} + 1000 )) \
        "$ACR_ROOT/scripts/test_native.sh"
    ACR_MULTI_DB="${DB}_multi" ACR_MULTI_PORT=$(( ${ACR_TEST_PORT:-8069} + 900 )) \
        "$ACR_ROOT/scripts/test_multi.sh"
fi

log "running the test suite (pytest-odoo, Chromium tours included)"
cd "$ACR_ROOT"
exec "$PY" -m pytest \
    --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level="${ACR_ODOO_LOG_LEVEL:-warn}" \
    -p no:cacheprovider "$@"
