# Thin entry points; the logic lives in scripts/.
.PHONY: run test test-native test-multi lint bench bench-peer pot i18n setup screenshots dist dist-check

run:    ## serve a demo database on http://localhost:8069
	@bash scripts/run.sh

test:   ## fresh database, install, the whole suite (tours included), lint
	@bash scripts/test.sh

test-native:  ## the suite under Odoo's own runner (odoo-bin --test-enable), as OCA CI runs it
	@bash scripts/test_native.sh

test-multi:  ## two prefork servers on one database, a 50-client slot race, jobs on both, a killed job rerun
	@bash scripts/test_multi.sh

lint:   ## ruff + pylint-odoo
	@bash scripts/lint.sh

setup:  ## only prepare the machine (venv, Odoo source, PostgreSQL, Chromium)
	@bash scripts/setup.sh

bench:  ## print the benchmark figures: slots, reminders, quotes (after make test)
	@bash scripts/bench.sh

bench-peer:  ## our slots against OCA resource_booking on the same data (downloads it into the cache)
	@bash scripts/bench_peer.sh

screenshots:  ## README images from a running `make run` (installs playwright in the venv)
	@.venv/bin/python -m pip install -q playwright && .venv/bin/python scripts/screenshots.py

pot:    ## regenerate every addon's i18n/<addon>.pot
	@bash scripts/pot.sh

i18n:   ## merge the .pot into every i18n/*.po (new entries empty, obsolete dropped) and report coverage
	@.venv/bin/python scripts/i18n_sync.py && .venv/bin/python scripts/i18n_sync.py --report

dist:   ## build the OCA-style wheels (odoo-addon-*) into dist/
	@bash scripts/dist.sh

dist-check:  ## build the wheels, pip-install them in a fresh virtualenv, install the addon from it
	@bash scripts/dist_check.sh
