#!/usr/bin/env bash
# `make dist`: build an OCA-style wheel (odoo-addon-<name>) for every addon
# folder of the repository that has a pyproject.toml, into dist/.
set -euo pipefail
# shellcheck source=setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
[ -n "${PY:-}" ] || acr_setup
OUT="${ACR_DIST_DIR:-$ACR_ROOT/dist}"
mkdir -p "$OUT"
rm -f "$OUT"/odoo_addon_*.whl
for manifest in "$ACR_ROOT"/*/__manifest__.py; do
    addon_dir="$(dirname "$manifest")"
    [ -f "$addon_dir/pyproject.toml" ] || continue
    log "building the wheel of $(basename "$addon_dir")"
    # whool is fetched into an isolated build environment, as pip does for any
    # PEP 517 backend; the version comes from the manifest.
    "$PY" -m pip wheel -q --no-deps -w "$OUT" "$addon_dir"
done
ls -1 "$OUT"/odoo_addon_*.whl
