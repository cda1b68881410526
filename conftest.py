"""Repository-wide pytest settings: a skipped test fails the run.

Odoo skips browser tests silently when Chromium or websocket-client is
missing; a green run with skips would hide that.
"""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"FAILED: {skipped} test(s) skipped; every test must run.", red=True)
        session.exitstatus = 1
