"""The reminder digest job as the scheduler runs it, in its own process (run
through ``odoo-bin shell`` by scripts/test_multi.sh).

With ACR_KILL_SLOW=1 each batch announces itself on stdout ("BATCH n") after
it has queued its mails and before it commits, then waits: the driver kills
the process there, in the middle of a batch."""

import os
import sys
import time

from odoo.addons.accounting_client_relations.models.acr_mail_bulk import AcrMailBulk

if os.environ.get("ACR_KILL_SLOW") == "1":
    original = AcrMailBulk._acr_queue_digests
    calls = []

    def slow(self, *args, **kwargs):
        mails = original(self, *args, **kwargs)
        calls.append(len(mails))
        print(f"BATCH {len(calls)} {len(mails)}", flush=True)
        time.sleep(float(os.environ.get("ACR_KILL_PAUSE", "2")))
        return mails

    AcrMailBulk._acr_queue_digests = slow

env["acr.action.item"]._cron_remind_client_items(batch_size=int(os.environ.get("ACR_KILL_BATCH", "200")))  # noqa: F821
env.cr.commit()  # noqa: F821
print("DONE", flush=True)
sys.stdout.flush()
