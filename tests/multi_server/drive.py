"""Drive two Odoo servers that share one database (scripts/test_multi.sh).

    python drive.py SEED_JSON DBNAME URL_A URL_B

1. Sessions: a client logs in on server A and reads /my on server B with the
   same cookie (sessions live in the shared filestore).
2. The slot race: 50 portal clients, logged in alternately on A and B, post
   the booking of the same slot at the same moment. Exactly one booking and
   one calendar event may come out, and every request is answered (no 5xx).
3. The jobs: every scheduled job of the addon is made due on both servers at
   the same moment (both run cron workers). Once each has run, a second round
   must change nothing: no mail, activity or message twice.

Prints one line per check and exits non-zero on the first failure.
"""

import json
import re
import sys
import threading
import time
from collections import Counter

import psycopg2
import requests

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def fail(message):
    print(f"FAIL: {message}", flush=True)
    sys.exit(1)


def login(url, user_login, password):
    session = requests.Session()
    page = session.get(f"{url}/web/login", timeout=30)
    token = CSRF_RE.search(page.text)
    if not token:
        fail(f"no CSRF token on {url}/web/login")
    answer = session.post(
        f"{url}/web/login",
        data={"login": user_login, "password": password, "csrf_token": token.group(1), "redirect": "/my"},
        timeout=30,
    )
    if answer.status_code != 200 or "/web/login" in answer.url:
        fail(f"{user_login} could not log in on {url} ({answer.status_code} {answer.url})")
    return session


def check_sessions(seed, url_a, url_b):
    user = seed["users"][0]
    session = login(url_a, user["login"], seed["password"])
    page = session.get(f"{url_b}/my", timeout=30, allow_redirects=False)
    if page.status_code != 200 or user["name"] not in page.text:
        fail(f"the session opened on {url_a} is not recognised on {url_b} ({page.status_code})")
    page = session.get(f"{url_b}/my/meetings", timeout=30, allow_redirects=False)
    if page.status_code != 200:
        fail(f"/my/meetings through {url_b} with the session of {url_a}: {page.status_code}")
    print(f"ok   a session opened on server A works on server B ({user['login']})", flush=True)


def race(seed, dbname, url_a, url_b):
    users = seed["users"]
    sessions, tokens = [], []
    for index, user in enumerate(users):
        url = (url_a, url_b)[index % 2]
        session = login(url, user["login"], seed["password"])
        page = session.get(f"{url}/my/meetings/{user['meeting_id']}/slots", timeout=30)
        token = CSRF_RE.search(page.text)
        if page.status_code != 200 or not token:
            fail(f"{user['login']}: no slot page on {url} ({page.status_code})")
        sessions.append((session, url))
        tokens.append(token.group(1))
    barrier = threading.Barrier(len(users))
    answers = [None] * len(users)

    def book(index):
        session, url = sessions[index]
        barrier.wait()
        try:
            answer = session.post(
                f"{url}/my/meetings/{users[index]['meeting_id']}/book",
                data={"slot": seed["slot"], "csrf_token": tokens[index]},
                timeout=120,
                allow_redirects=False,
            )
            answers[index] = answer.status_code
        except requests.RequestException as exc:
            answers[index] = repr(exc)

    threads = [threading.Thread(target=book, args=(i,)) for i in range(len(users))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    errors = [a for a in answers if not isinstance(a, int) or a >= 500]
    if errors:
        fail(f"{len(errors)} booking requests failed: {errors[:5]}")
    meeting_ids = tuple(u["meeting_id"] for u in users)
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT count(*), count(event_id) FROM acr_meeting WHERE id IN %s AND state = 'booked'",
            [meeting_ids],
        )
        booked, events = cr.fetchone()
        cr.execute(
            "SELECT count(*) FROM calendar_event e JOIN acr_meeting m ON m.event_id = e.id WHERE m.id IN %s",
            [meeting_ids],
        )
        (linked_events,) = cr.fetchone()
    if booked != 1 or events != 1 or linked_events != 1:
        statuses = ", ".join(f"{n} x {status}" for status, n in sorted(Counter(answers).items(), key=str))
        fail(
            f"{booked} bookings and {linked_events} events for one slot, expected exactly 1 of each"
            f" (answers: {statuses})"
        )
    redirects = sum(1 for a in answers if a == 303)
    print(
        f"ok   {len(users)} clients over 2 servers raced for one slot in {seconds:.2f} s: 1 booking, "
        f"1 event, {redirects} redirected to the meeting, "
        f"{len(users) - redirects} answered with the slot page",
        flush=True,
    )


COUNTS = {
    "mails": "SELECT count(*) FROM mail_mail",
    "activities": "SELECT count(*) FROM mail_activity",
    "messages": "SELECT count(*) FROM mail_message",
    "action item reminders": "SELECT count(*) FROM acr_action_item WHERE reminders_sent IS NOT NULL",
}


def counts(cr):
    result = {}
    for name, query in COUNTS.items():
        cr.execute(query)
        result[name] = cr.fetchone()[0]
    return result


def jobs(dbname, rounds=2, timeout=240):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    cr = conn.cursor()
    cr.execute(
        """SELECT c.id, a.name->>'en_US' FROM ir_cron c
             JOIN ir_act_server a ON a.id = c.ir_actions_server_id
             JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
            WHERE d.module = 'accounting_client_relations' AND c.active"""
    )
    crons = dict(cr.fetchall())
    if not crons:
        fail("the addon has no active scheduled job")
    cron_ids = tuple(crons)
    snapshots = [counts(cr)]
    for round_no in range(1, rounds + 1):
        cr.execute("SELECT date_trunc('second', now() at time zone 'UTC')")
        (started,) = cr.fetchone()
        # Due now on both servers; the notification (sent on the postgres
        # database, as Odoo does) wakes their cron workers at once.
        cr.execute("UPDATE ir_cron SET nextcall = %s WHERE id IN %s", [started, cron_ids])
        with psycopg2.connect(dbname="postgres") as wake:
            wake.autocommit = True
            wake.cursor().execute("SELECT pg_notify('cron_trigger', %s)", [dbname])
        deadline = time.monotonic() + timeout
        while True:
            cr.execute(
                # A job that ran is rescheduled past the moment it was due.
                "SELECT count(*) FROM ir_cron WHERE id IN %s AND nextcall <= %s",
                [cron_ids, started],
            )
            (waiting,) = cr.fetchone()
            if not waiting:
                break
            if time.monotonic() > deadline:
                fail(f"round {round_no}: {waiting} of {len(crons)} jobs did not run within {timeout} s")
            time.sleep(1)
        snapshots.append(counts(cr))
        print(
            f"ok   round {round_no}: {len(crons)} jobs ran once each over 2 servers: {snapshots[-1]}",
            flush=True,
        )
    if snapshots[-1] != snapshots[-2]:
        fail(f"the second round changed what the first did: {snapshots[-2]} then {snapshots[-1]}")
    if snapshots[1]["action item reminders"] <= snapshots[0]["action item reminders"]:
        fail("the first round sent no reminder: the seed gave the jobs no work")
    print("ok   every job run again on both servers did nothing twice", flush=True)


def main(seed_path, dbname, url_a, url_b):
    with open(seed_path, encoding="utf-8") as seed_file:
        seed = json.load(seed_file)
    check_sessions(seed, url_a, url_b)
    race(seed, dbname, url_a, url_b)
    jobs(dbname)


if __name__ == "__main__":
    main(*sys.argv[1:5])
