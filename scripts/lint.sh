#!/usr/bin/env bash
# ruff and pylint-odoo (mandatory checks), pinned in requirements-dev.txt.
set -euo pipefail
# shellcheck source=setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
[ -n "${PY:-}" ] || acr_setup
cd "$ACR_ROOT"
log "lint: ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check --quiet . || die "ruff format would change files: run '$VENV/bin/ruff format .'."
log "lint: pylint-odoo (mandatory checks)"
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory accounting_client_relations
log "lint: clean"
