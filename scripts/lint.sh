#!/usr/bin/env bash
# ruff, pylint-odoo (mandatory checks) and the OCA module checks (XML, CSV,
# manifest, .po), pinned in requirements-dev.txt and requirements-lint.txt.
# The same checks as .pre-commit-config.yaml, run from the virtualenvs: no
# hook repository is downloaded.
set -euo pipefail
# shellcheck source=setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
[ -n "${PY:-}" ] || acr_setup
[ -n "${LINT_VENV:-}" ] || lint_venv
cd "$ACR_ROOT"
log "lint: ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check --quiet . || die "ruff format would change files: run '$VENV/bin/ruff format .'."
log "lint: pylint-odoo (mandatory checks)"
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory "${ACR_ADDONS[@]}"
log "lint: OCA checks (oca-checks-odoo-module, oca-checks-po; settings in .oca_hooks.cfg)"
for addon in "${ACR_ADDONS[@]}"; do
    "$LINT_VENV/bin/oca-checks-odoo-module" --config=.oca_hooks.cfg "$addon" \
        || die "oca-checks-odoo-module found the problems above in $addon (duplicate XML ids among them)."
    "$LINT_VENV/bin/oca-checks-po" --config=.oca_hooks.cfg "$addon"/i18n/*.po* \
        || die "oca-checks-po found the problems above in $addon."
done
log "lint: clean"
