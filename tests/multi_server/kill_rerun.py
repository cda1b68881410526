"""Kill the reminder digest job in the middle of a batch, run it again, and
check that the work is finished with nothing sent twice (scripts/test_multi.sh).

    python kill_rerun.py DBNAME CONTACTS -- ODOO_SHELL_COMMAND...

The job runs in its own ``odoo-bin shell`` process (tests/multi_server/
digest_job.py). With ACR_KILL_SLOW=1 it prints "BATCH n" once batch n has
queued its mails and before that batch commits; on the third such line this
driver kills the process with SIGKILL, as an out-of-memory killer or a
`limit_time_real` would. Then it runs the job again, normally, and checks:
every contact got exactly one digest, every item recorded its reminder, and
what was committed before the kill was not redone.
"""

import os
import signal
import subprocess
import sys
import time

import psycopg2

JOB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digest_job.py")


def fail(message):
    print(f"FAIL: {message}", flush=True)
    sys.exit(1)


def digests(dbname, marker):
    """(digest mails, contacts mailed, contacts mailed more than once)"""
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT count(DISTINCT m.id), count(DISTINCT r.res_partner_id),
                      count(*) - count(DISTINCT r.res_partner_id)
                 FROM mail_mail m
                 JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
                 JOIN res_partner p ON p.id = r.res_partner_id
                WHERE p.name LIKE %s""",
            [marker + "%"],
        )
        return cr.fetchone()


def reminded(dbname):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT count(*), count(reminders_sent) FROM acr_action_item WHERE name LIKE 'Digest item %%'"
        )
        return cr.fetchone()


def run_job(command, slow):
    env = dict(os.environ, ACR_KILL_SLOW="1" if slow else "0")
    with open(JOB, "rb") as script:
        return subprocess.Popen(
            command, stdin=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
        )


def main(dbname, contacts, command):
    contacts = int(contacts)
    marker = "Digest Contact "
    started = time.monotonic()
    job = run_job(command, slow=True)
    batches = 0
    for line in job.stdout:
        if line.startswith("BATCH "):
            batches += 1
            if batches == 3:
                job.send_signal(signal.SIGKILL)
                break
        elif line.startswith("DONE"):
            fail("the job finished before it could be killed")
    job.wait(timeout=60)
    if job.returncode != -signal.SIGKILL:
        fail(f"the job was not killed (exit {job.returncode})")
    mails, mailed, twice = digests(dbname, marker)
    items, with_reminder = reminded(dbname)
    print(
        f"ok   killed in batch 3 after {time.monotonic() - started:.1f} s: {mails} digests committed "
        f"for {mailed} of {contacts} contacts, {with_reminder} of {items} items recorded",
        flush=True,
    )
    if not 0 < mailed < contacts:
        fail("the kill did not land in the middle of the run")
    committed = mailed

    started = time.monotonic()
    job = run_job(command, slow=False)
    output, _ = job.communicate(timeout=600)
    if job.returncode != 0 or "DONE" not in output:
        fail(f"the second run failed (exit {job.returncode}):\n{output[-3000:]}")
    mails, mailed, twice = digests(dbname, marker)
    items, with_reminder = reminded(dbname)
    if twice or mails != contacts or mailed != contacts:
        fail(
            f"after the rerun: {mails} digests for {mailed} of {contacts} contacts, "
            f"{twice} contacts mailed twice"
        )
    if with_reminder != items:
        fail(f"after the rerun: {items - with_reminder} of {items} items have no reminder recorded")
    print(
        f"ok   the rerun finished in {time.monotonic() - started:.1f} s: {contacts} digests for {contacts} "
        f"contacts ({contacts - committed} new), none twice, all {items} items recorded",
        flush=True,
    )


if __name__ == "__main__":
    separator = sys.argv.index("--")
    main(*sys.argv[1:separator], sys.argv[separator + 1 :])
