#!/usr/bin/env bash
# The suite under Odoo's own test runner, as OCA CI and Odoo's runbot run it:
#   odoo-bin -i accounting_client_relations,accounting_client_relations_account --test-enable
#            --test-tags /accounting_client_relations,/accounting_client_relations_account
#            --stop-after-init
# on a fresh database. Fails on a failed test, an error, or any ERROR,
# CRITICAL or WARNING line in the log (a test that expects a warning asserts
# it with assertLogs, which keeps it out of the log).
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
[ -n "${PY:-}" ] || acr_setup

DB="${ACR_NATIVE_DB:-acr_native}"
PORT="${ACR_NATIVE_PORT:-8079}"
LOG_DIR="$ACR_ROOT/.test-logs"
mkdir -p "$LOG_DIR"
CONF="$LOG_DIR/odoo-native-$DB.conf"
LOGFILE="$LOG_DIR/native-$DB.log"
write_config "$CONF" "$DB" "$PORT" 0
fresh_db "$DB"
: > "$LOGFILE"
log "Odoo's own test runner on $DB (log: $LOGFILE)"
rc=0
TAGS="$(printf '/%s,' "${ADDONS[@]}")"
odoo_bin "$CONF" -d "$DB" -i "$ADDONS_CSV" --test-enable --test-tags "${TAGS%,}" \
    --stop-after-init --log-level=info --logfile="$LOGFILE" || rc=$?
summary="$(grep -E 'tests when loading database' "$LOGFILE" | tail -n 1 | sed -E 's/.*(odoo\.tests\.result|odoo\.modules\.loading): //')"
bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$LOGFILE" || true)"
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" | cut -c1-400 >&2
    die "Odoo's test runner logged the WARNING or ERROR lines above ($summary): see $LOGFILE."
fi
[ "$rc" = 0 ] || die "Odoo's test runner exited with $rc ($summary): see $LOGFILE."
[ -n "$summary" ] || die "Odoo's test runner ran no test: see $LOGFILE."
log "Odoo's test runner: $summary, no WARNING or ERROR in the log"
