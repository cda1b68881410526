# Thin entry points; the logic lives in scripts/.
.PHONY: run test lint bench pot setup

run:    ## serve a demo database on http://localhost:8069
	@bash scripts/run.sh

test:   ## fresh database, install, the whole suite (tours included), lint
	@bash scripts/test.sh

lint:   ## ruff + pylint-odoo
	@bash scripts/lint.sh

setup:  ## only prepare the machine (venv, Odoo source, PostgreSQL, Chromium)
	@bash scripts/setup.sh

bench:  ## print time and queries to quote 5,000 clients in one batch (after make test)
	@.venv/bin/python scripts/bench_quotes.py .test-logs/odoo-test.conf $${ACR_TEST_DB:-acr_test} 5000

pot:    ## regenerate i18n/accounting_client_relations.pot
	@bash scripts/pot.sh
