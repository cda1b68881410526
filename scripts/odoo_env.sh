#!/usr/bin/env bash
# Shared by run.sh and test.sh: writes an Odoo configuration file for this
# checkout and provides helpers to build databases quickly and safely.
# shellcheck source=setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ADDON=accounting_client_relations
ADDONS=("${ACR_ADDONS[@]}")
ADDONS_CSV="$(IFS=,; echo "${ADDONS[*]}")"
DATA_DIR="$ACR_CACHE/data"

write_config() {  # write_config <file> <db> <http_port> [cron threads]
    local conf="$1" db="$2" port="$3" crons="${4:-1}"
    mkdir -p "$DATA_DIR" "$(dirname "$conf")"
    {
        echo "[options]"
        echo "addons_path = $ADDONS_PATH"
        echo "data_dir = $DATA_DIR"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "http_interface = 127.0.0.1"
        echo "http_port = $port"
        echo "list_db = False"
        echo "max_cron_threads = $crons"
        [ -n "${PGHOST:-}" ] && echo "db_host = $PGHOST"
        [ -n "${PGPORT:-}" ] && echo "db_port = $PGPORT"
        [ -n "${PGUSER:-}" ] && echo "db_user = $PGUSER"
        [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD"
        true
    } > "$conf"
}

odoo_bin() {  # odoo_bin <config> <args...>
    local conf="$1"; shift
    "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" "$@"
}

manifest_depends() {  # Odoo's modules that the repository's addons depend on, sorted
    local addon manifests=()
    for addon in "${ADDONS[@]}"; do manifests+=("$ACR_ROOT/$addon/__manifest__.py"); done
    "$PY" - "$ADDONS_CSV" "${manifests[@]}" <<'PYTHON'
import ast
import sys

ours = set(sys.argv[1].split(","))
deps = set()
for path in sys.argv[2:]:
    deps |= set(ast.literal_eval(open(path).read())["depends"])
print(",".join(sorted(deps - ours)))
PYTHON
}

# A database with the addon's dependencies (and their demo data) installed,
# kept as a template: copying it takes seconds, installing it takes minutes.
template_db() {
    local deps odoo_rev key tpl conf
    deps="$(manifest_depends)"
    odoo_rev="$(git -C "$ODOO_SRC" rev-parse HEAD 2>/dev/null || sha256sum "$ODOO_SRC/odoo/release.py" | cut -c1-12)"
    key="$(printf '%s %s %s' "$deps" "$odoo_rev" "$(id -un)" | sha256sum | cut -c1-10)"
    tpl="acr_tpl_$key"
    # Two checkouts building the same template at once would drop each
    # other's half-built database: one builds, the other waits for it.
    mkdir -p "$ACR_CACHE"
    exec {tpl_lock}>"$ACR_CACHE/$tpl.lock"
    flock "$tpl_lock"
    if ! psql -d postgres -Atc "select 1 from pg_database where datname='$tpl'" | grep -q 1; then
        log "building the dependency template $tpl ($deps), once"
        conf="$ACR_CACHE/$tpl.conf"
        write_config "$conf" "$tpl.part" 8069
        dropdb --if-exists "$tpl.part" >/dev/null
        rm -rf "$DATA_DIR/filestore/$tpl.part"
        odoo_bin "$conf" -d "$tpl.part" -i "$deps" --stop-after-init --log-level=warn >&2 \
            || die "Installing Odoo's modules ($deps) failed: see the log above."
        psql -d postgres -qc "ALTER DATABASE \"$tpl.part\" RENAME TO \"$tpl\""
        rm -rf "$DATA_DIR/filestore/$tpl"
        [ -d "$DATA_DIR/filestore/$tpl.part" ] && mv "$DATA_DIR/filestore/$tpl.part" "$DATA_DIR/filestore/$tpl"
    fi
    exec {tpl_lock}>&-
    echo "$tpl"
}

fresh_db() {  # fresh_db <name>: a new database copied from the template
    local db="$1" tpl
    tpl="$(template_db)"
    dropdb --if-exists "$db" >/dev/null
    rm -rf "$DATA_DIR/filestore/$db"
    createdb -T "$tpl" "$db"
    if [ -d "$DATA_DIR/filestore/$tpl" ]; then
        mkdir -p "$DATA_DIR/filestore"
        cp -a "$DATA_DIR/filestore/$tpl" "$DATA_DIR/filestore/$db"
    fi
}

install_addon() {  # install_addon <config> <db> <logfile>: fails on any WARNING or ERROR
    local conf="$1" db="$2" logfile="$3"
    : > "$logfile"
    log "installing $ADDONS_CSV into $db (log: $logfile)"
    if ! odoo_bin "$conf" -d "$db" -i "$ADDONS_CSV" --stop-after-init --log-level=info --logfile="$logfile"; then
        tail -n 40 "$logfile" >&2
        die "Installing $ADDONS_CSV failed: see $logfile."
    fi
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$logfile" >&2; then
        die "Installing $ADDONS_CSV logged the WARNING or ERROR lines above: fix them."
    fi
    log "installed $ADDONS_CSV with no warning"
}
