#!/usr/bin/env bash
# `make bench`: print the benchmark figures against the test database that
# `make test` built (everything is rolled back).
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup
DB="${ACR_TEST_DB:-acr_test}"
CONF="$ACR_ROOT/.test-logs/odoo-test.conf"
[ -f "$CONF" ] || die "Run 'make test' first: the benchmarks use its database."
# Each script rolls its work back (a test thread, then a rollback): the
# database is left as it was found.
for bench in "$ACR_ROOT"/bench/bench_*.py; do
    case "$(basename "$bench")" in bench_portal_*.py) continue ;; esac
    log "$(basename "$bench")"
    "$PY" "$bench" "$CONF" "$DB"
done
# The portal pages need the HTTP server: HttpCases, each one rolled-back test.
cd "$ACR_ROOT"
for bench in bench/bench_portal_*.py; do
    log "$(basename "$bench")"
    "$PY" -m pytest --odoo-config="$CONF" --odoo-database="$DB" --odoo-http --odoo-log-level=warn \
        -p no:cacheprovider -q -s "$bench"
done
