#!/usr/bin/env bash
# `make test-multi`: two Odoo servers on one database behave as one, and a
# job killed in the middle of a batch finishes on the next run.
#
# 1. A fresh database with the addon, seeded with 50 portal clients racing
#    for one slot (tests/multi_server/seed.py).
# 2. Two prefork servers (2 HTTP workers, 1 cron worker and the websocket
#    worker each) on two loopback ports, on that database and one filestore.
# 3. tests/multi_server/drive.py: a session opened on one server works on the
#    other; the 50 clients, spread over both, book the slot at once (exactly
#    one booking); every job of the addon made due on both at the same moment,
#    twice (nothing done twice).
# 4. With the servers stopped, tests/multi_server/kill_rerun.py: the reminder
#    digest over 10,000 items is killed with SIGKILL in its third batch, then
#    run again: every contact has exactly one digest.
# Fails on any check, and on any ERROR or CRITICAL line in the servers' logs.
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
[ -n "${PY:-}" ] || acr_setup

DB="${ACR_MULTI_DB:-acr_multi}"
PORT_A="${ACR_MULTI_PORT:-8960}"
PORT_B=$((PORT_A + 10))
LOG_DIR="$ACR_ROOT/.test-logs/multi"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
CONF="$LOG_DIR/odoo.conf"
MULTI="$ACR_ROOT/tests/multi_server"

write_config "$CONF" "$DB" "$PORT_A" 1
fresh_db "$DB"
install_addon "$CONF" "$DB" "$LOG_DIR/install.log"

shell() {  # shell <script>: run a script in `odoo-bin shell` on the database
    "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$DB" --no-http --log-level=warn < "$1"
}

log "seeding 50 portal clients racing for one slot"
ACR_MULTI_SEED_OUT="$LOG_DIR/seed.json" shell "$MULTI/seed.py"

pids=()
stop_servers() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
trap stop_servers EXIT

for port in "$PORT_A" "$PORT_B"; do
    # Not through odoo_bin: $! must be Odoo's own process, to stop it.
    "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port="$port" --gevent-port=$((port + 2)) \
        --workers=2 --max-cron-threads=1 --log-level=info --logfile="$LOG_DIR/server-$port.log" &
    pids+=("$!")
done
for port in "$PORT_A" "$PORT_B"; do
    for _ in $(seq 1 60); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" && break
        sleep 1
    done
    curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" || die "the server on port $port did not start"
    for _ in $(seq 1 30); do
        grep -q "Evented Service (longpolling) running" "$LOG_DIR/server-$port.log" && break
        sleep 1
    done
    grep -q "Evented Service (longpolling) running" "$LOG_DIR/server-$port.log" \
        || die "the websocket worker of the server on port $port did not start: see $LOG_DIR/server-$port.log"
done
log "two prefork servers on ports $PORT_A and $PORT_B, one database ($DB)"

"$PY" "$MULTI/drive.py" "$LOG_DIR/seed.json" "$DB" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B"
stop_servers
trap - EXIT

bad="$(grep -hE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR"/server-*.log || true)"
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" | cut -c1-400 >&2
    die "the servers logged the ERROR lines above: see $LOG_DIR."
fi

log "seeding 10,000 client action items for the kill-and-rerun test"
contacts="$(ACR_BENCH_DIR="$ACR_ROOT/bench" shell "$MULTI/digest_seed.py" | sed -n 's/^CONTACTS \([0-9]*\).*/\1/p')"
[ -n "$contacts" ] || die "the digest seed failed"
"$PY" "$MULTI/kill_rerun.py" "$DB" "$contacts" -- \
    "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$DB" --no-http --log-level=warn

dropdb --if-exists "$DB"
rm -rf "$DATA_DIR/filestore/$DB"
log "two servers behave as one; a killed job finishes on its next run, nothing twice"
