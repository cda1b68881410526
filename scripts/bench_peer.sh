#!/usr/bin/env bash
# `make bench-peer`: our slot computation against OCA resource_booking, on
# the same data, in one run. The peer add-ons come from PyPI into the cache.
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup
PEERS="$ACR_CACHE/peers"
if [ ! -d "$PEERS/resource_booking" ]; then
    log "downloading OCA resource_booking 18.0 and its dependency into $PEERS"
    tmp="$(mktemp -d)"
    "$PY" -m pip download -q --no-deps -d "$tmp" \
        "odoo-addon-resource-booking>=18.0,<18.1" "odoo-addon-web-calendar-slot-duration>=18.0,<18.1" 2>/dev/null \
        || die "Could not download the peer add-ons from PyPI."
    mkdir -p "$PEERS"
    for wheel in "$tmp"/*.whl; do
        "$PY" -m zipfile -e "$wheel" "$tmp/x"
    done
    cp -r "$tmp"/x/odoo/addons/* "$PEERS/"
    rm -rf "$tmp"
fi
# The peer's own Python dependency, for this benchmark only.
"$PY" -c "import cssselect" 2>/dev/null || "$PY" -m pip install -q "cssselect==1.2.0" 2>/dev/null \
    || die "Could not install cssselect, which resource_booking needs."
ADDONS_PATH="$ADDONS_PATH,$PEERS"
DB="${ACR_PEER_DB:-acr_bench_peer}"
# One configuration per database: checkouts side by side do not share it.
CONF="$ACR_CACHE/odoo-peer-$DB.conf"
write_config "$CONF" "$DB" 8069 0
if ! psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    fresh_db "$DB"
    log "installing $ADDON and resource_booking into $DB"
    odoo_bin "$CONF" -d "$DB" -i "$ADDON,resource_booking" --stop-after-init --log-level=warn >&2 \
        || { dropdb --if-exists "$DB"; die "Installing resource_booking failed: see the log above."; }
fi
# Bring the database's schema (our indexes) to this checkout's code.
odoo_bin "$CONF" -d "$DB" -u "$ADDON" --stop-after-init --log-level=warn >&2
# The benchmark rolls its 100,000 rows back; vacuum what earlier runs left
# dead so each run measures the same tables.
psql -d "$DB" -qc "VACUUM ANALYZE calendar_event, calendar_attendee, calendar_event_res_partner_rel"
"$PY" "$ACR_ROOT/bench/peer_resource_booking.py" "$CONF" "$DB"
