import threading
import time

from odoo import api, models
from odoo.modules import module


class AcrCronBatch(models.AbstractModel):
    """The one way scheduled jobs of this addon walk their records.

    ``_acr_run_batches`` takes a model, a domain and a function that handles
    one batch. It reads the records in batches of ``batch_size`` (by id, so a
    batch is never read twice in a run), reports progress with
    ``ir.cron._notify_progress`` after each batch and commits between batches
    when it is not running in a test, so a crash or a timeout loses at most
    one batch. Jobs are resumable because their domain leaves out what they
    already did (a reminder recorded, a flag set): the next run starts where
    the last one stopped. With ``time_budget`` the job stops after that many
    seconds and reports the rest as remaining, and the scheduler calls it
    again (Odoo 18 does so up to ten times in a row)."""

    _name = "acr.cron.batch"
    _description = "Scheduled Job Batches"

    @api.model
    def _acr_is_testing(self):
        """True in tests and in benchmarks that mark their thread as a test
        thread: nothing is committed there."""
        return bool(getattr(threading.current_thread(), "testing", False) or module.current_test)

    @api.model
    def _acr_commit(self):
        """Commit the work done so far, except in tests."""
        if not self._acr_is_testing():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _acr_run_batches(self, records_model, domain, process, batch_size=1000, time_budget=None):
        """Call ``process(batch)`` for the records of ``records_model``
        matching ``domain``, ``batch_size`` records at a time, in id order.

        After each batch: progress to the scheduler (done so far, remaining),
        then a commit outside tests. Returns the number of records handled.

        :param records_model: an (empty) recordset of the model to walk, with
            the environment and context the job runs in
        :param list domain: the records still to do; it should leave out the
            records a previous run already handled, so the job resumes
        :param process: a function taking one batch (a recordset)
        :param int batch_size: records per batch
        :param float time_budget: stop after this many seconds, leaving the
            rest as remaining for the scheduler's next call
        """
        cron = self.env["ir.cron"]
        started = time.monotonic()
        last_id = 0
        done = 0
        while True:
            batch = records_model.search([*domain, ("id", ">", last_id)], order="id", limit=batch_size)
            if not batch:
                break
            process(batch)
            done += len(batch)
            last_id = batch[-1].id
            # A short batch is the last one: no need to count what is left.
            remaining = (
                records_model.search_count([*domain, ("id", ">", last_id)]) if len(batch) == batch_size else 0
            )
            cron._notify_progress(done=done, remaining=remaining)
            self._acr_commit()
            if not remaining:
                break
            if time_budget is not None and time.monotonic() - started > time_budget:
                break
        return done
