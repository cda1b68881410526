#!/usr/bin/env bash
# Prove the wheels install the way a firm would install them: build them,
# pip-install them into a brand-new virtualenv beside the Odoo tree, and
# install the addon from that virtualenv into a fresh database (no addons
# path entry for this repository: Odoo must find the addon in site-packages).
# Fails on any WARNING or ERROR in the install log.
set -euo pipefail
# shellcheck source=odoo_env.sh
. "$(dirname "${BASH_SOURCE[0]}")/odoo_env.sh"
acr_setup

WORK="$(mktemp -d "${TMPDIR:-/tmp}/acr-dist.XXXXXX")"
DB="${ACR_DIST_DB:-acr_dist_check}"
trap 'rm -rf "$WORK"; dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$DATA_DIR/filestore/$DB"' EXIT

ACR_DIST_DIR="$WORK/dist" bash "$ACR_ROOT/scripts/dist.sh" >/dev/null
log "a fresh virtualenv in $WORK/venv"
"$PY" -m venv "$WORK/venv"
FRESH="$WORK/venv/bin/python"
# Odoo itself is not on PyPI: it comes from the source tree, and its
# requirements from the project's virtualenv, as on a server where Odoo was
# installed from source. The addon wheels are installed without dependencies
# for the same reason (they name odoo==18.0.*).
site_fresh="$("$FRESH" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
site_main="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s\n%s\n' "$ODOO_SRC" "$site_main" > "$site_fresh/acr_odoo_runtime.pth"
"$FRESH" -m pip install -q --no-deps "$WORK"/dist/odoo_addon_*.whl
"$FRESH" -m pip show -q odoo-addon-accounting_client_relations >/dev/null \
    || die "the wheel did not install odoo-addon-accounting_client_relations"

CONF="$WORK/odoo.conf"
write_config "$CONF" "$DB" 8069 0
# Only Odoo's own addon folders: the addon must come from the wheel.
sed -i "s|^addons_path = .*|addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons|" "$CONF"
fresh_db "$DB"
PY="$FRESH" install_addon "$CONF" "$DB" "$WORK/install.log"
for addon in "${ADDONS[@]}"; do
    "$FRESH" -m pip show -q "odoo-addon-$addon" >/dev/null || die "the wheels did not install odoo-addon-$addon"
    where="$(psql -d "$DB" -Atc "select state from ir_module_module where name='$addon'")"
    [ "$where" = installed ] || die "$addon is '$where' after installing from the wheel"
done
"$FRESH" -c 'import odoo.addons.accounting_client_relations as m; print(m.__file__)' \
    | grep -q "$site_fresh" || die "the addon was not imported from the wheel"
log "the wheel installs into a fresh virtualenv and the addon installs from it"
