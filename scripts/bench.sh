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
for bench in "$ACR_ROOT"/bench/bench_*.py; do
    log "$(basename "$bench")"
    "$PY" "$bench" "$CONF" "$DB"
done
