"""Shared set-up of the benchmarks: an environment on the test database
whose work is always rolled back.

The thread is marked as a test thread, so the jobs' batching helper
(``acr.cron.batch``) does not commit between batches, and the transaction is
rolled back at the end: every benchmark leaves its database as it found it.
"""

import contextlib
import threading
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


@contextlib.contextmanager
def bench_env(config_file, dbname, context=None):
    """Yield ``(env, cr)`` on ``dbname``; everything is rolled back."""
    odoo.tools.config.parse_config(["-c", config_file, "-d", dbname, "--log-level=warn"])
    thread = threading.current_thread()
    thread.testing = True  # no commit in the jobs, no mail actually sent
    registry = Registry(dbname)
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, dict(context or {})), cr
        finally:
            cr.rollback()
            thread.testing = False


def run_sizes(title, config_file, dbname, sizes, run, prepare=None):
    """Print ``title``, then call ``run(env, cr, size, *extra)`` for each of
    ``sizes``, each in its own savepoint rolled back after it (the next size
    starts clean); ``prepare(env)`` returns the ``extra`` arguments shared by
    the sizes (a team, a plan)."""
    print(title)
    with bench_env(config_file, dbname) as (env, cr):
        extra = prepare(env) if prepare else ()
        for size in sizes:
            with savepoint(cr):
                run(env, cr, size, *extra)
            env.invalidate_all()


def measure(env, cr, func):
    """Run ``func`` on cold caches; return ``(seconds, queries, result)``."""
    env.flush_all()
    env.invalidate_all()
    start_queries, start = cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()
    cr.flush()  # the pre-commit work too (tracking messages)
    return time.perf_counter() - start, cr.sql_log_count - start_queries, result


def savepoint(cr):
    """A savepoint rolled back at the end: the next size starts clean."""

    @contextlib.contextmanager
    def _savepoint():
        with contextlib.suppress(_Rollback), cr.savepoint():
            yield
            raise _Rollback

    return _savepoint()


class _Rollback(Exception):
    pass


def time_url(case, url, repeat=5):
    """Open ``url`` in the HttpCase ``case`` once (warm registry caches),
    then ``repeat`` times on cold ORM caches. Returns ``(best ms, SQL queries
    of one request, last response)``."""
    case.url_open(url)
    timings, queries, response = [], 0, None
    for _ in range(repeat):
        case.env.invalidate_all()
        start_queries, start = case.cr.sql_log_count, time.perf_counter()
        response = case.url_open(url)
        timings.append((time.perf_counter() - start) * 1000)
        queries = case.cr.sql_log_count - start_queries
    return min(timings), queries, response
