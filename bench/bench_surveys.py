"""Benchmark: expectation survey campaigns and the expectation gap (issue 14).

Run with `make bench`. For 500 and for 5,000 active clients, each with one
contact and a countersigned agreement that excludes tax planning:

1. a campaign to all of them: the preview (cooldown and exclusion rules),
   then the sending job, in batches of 500 clients: one survey invitation
   (Odoo's ``survey.user_input`` with its token) and one queued mail each;
2. every invitation answered (tax planning expected, scores 0-10 in turn)
   and the expectation gap computed for all the answers in one batch, as
   ``_mark_done`` does: the gap lines, the scope activities, the detractor
   activities, the risk flags. The queries should not grow with the answers.

Each size runs in a savepoint and the whole run is rolled back (benchlib).
"""

import sys

from benchlib import measure, run_sizes

from odoo import Command, fields

SIZES = (500, 5000)
BATCH = 500


def prepare(env):
    group = env.ref("accounting_client_relations.group_acr_user")
    return (
        env["res.users"].create(
            [
                {
                    "name": f"Bench survey {role}",
                    "login": f"bench_survey_{role}",
                    "groups_id": [Command.set(group.ids)],
                }
                for role in ("accountant", "coordinator")
            ]
        ),
    )


def setup(env, size, users):
    ref = env.ref
    partners = env["res.partner"].create(
        [{"name": f"Bench Survey Client {i}", "is_company": True} for i in range(size)]
    )
    env["res.partner"].create(
        [
            {"name": f"Owner {i}", "parent_id": p.id, "email": f"owner{i}@survey-bench.example.com"}
            for i, p in enumerate(partners)
        ]
    )
    clients = env["acr.client"].create(
        [{"partner_id": p.id, "user_id": users[0].id, "coordinator_id": users[1].id} for p in partners]
    )
    Agreement = env["acr.agreement"]
    with Agreement._acr_transition():
        Agreement.create(
            [
                {
                    "client_id": client.id,
                    "monthly_fee": 400,
                    "state": "countersigned",
                    "included_service_ids": [
                        Command.set(ref("accounting_client_relations.service_bookkeeping").ids)
                    ],
                    "excluded_service_ids": [
                        Command.set(ref("accounting_client_relations.service_tax_planning").ids)
                    ],
                }
                for client in clients
            ]
        )
    env.flush_all()
    env.cr.execute(
        "UPDATE acr_client SET stage_id = %s WHERE id = ANY(%s)",
        (ref("accounting_client_relations.stage_active").id, clients.ids),
    )
    env.invalidate_all()
    return clients


def answer_all(env, invitations):
    """Every invitation answered: no to question 1, tax planning expected,
    the score 0-10 in turn; lines created in one batch."""
    ref = env.ref
    q_expected = ref("accounting_client_relations.survey_question_expected")
    q_expects = ref("accounting_client_relations.survey_question_expects")
    q_score = ref("accounting_client_relations.survey_question_score")
    no = ref("accounting_client_relations.survey_answer_expected_no")
    tax = q_expects.suggested_answer_ids.filtered(
        lambda a: a.acr_service_id == ref("accounting_client_relations.service_tax_planning")
    )
    lines = []
    for i, invitation in enumerate(invitations):
        lines += [
            {"user_input_id": invitation.id, "question_id": q_expected.id, "answer_type": "suggestion",
             "suggested_answer_id": no.id},
            {"user_input_id": invitation.id, "question_id": q_expects.id, "answer_type": "suggestion",
             "suggested_answer_id": tax.id},
            {"user_input_id": invitation.id, "question_id": q_score.id, "answer_type": "scale",
             "value_scale": i % 11},
        ]  # fmt: skip
    env["survey.user_input.line"].create(lines)
    invitations.write({"state": "done", "end_datetime": fields.Datetime.now()})


def run(env, cr, size, users):
    clients = setup(env, size, users)
    campaign = env["acr.survey.campaign"].create(
        {"name": f"Bench {size}", "user_ids": [Command.set(users[0].ids)]}
    )
    seconds, queries, _ = measure(env, cr, lambda: campaign.action_send())
    print(f"  {size:5d} clients: preview and send: {seconds:5.1f} s, {queries} queries")
    Mail = env["mail.mail"]
    mails_before = Mail.search_count([])
    seconds, queries, _ = measure(
        env, cr, lambda: env["acr.survey.campaign"]._cron_send_campaigns(batch_size=BATCH)
    )
    invitations = campaign.invitation_ids
    batches = -(-size // BATCH)
    print(
        f"        sending job: {len(invitations)} invitations, {Mail.search_count([]) - mails_before} mails "
        f"in {seconds:5.1f} s ({len(invitations) / seconds:,.0f}/s), {queries} queries, "
        f"{queries / batches:.0f} per batch of {BATCH}"
    )
    seconds, queries, _ = measure(env, cr, lambda: campaign._acr_send())
    print(f"        sent again: {len(campaign.invitation_ids) - len(invitations)} new, {queries} queries")
    answer_all(env, invitations)
    seconds, queries, gaps = measure(env, cr, lambda: invitations._acr_check_expectations())
    activities = env["mail.activity"].search_count(
        [("res_model", "=", "acr.client"), ("res_id", "in", clients.ids)]
    )
    print(
        f"        gap for {len(invitations)} answers in one batch: {seconds:5.1f} s, {queries} queries, "
        f"{len(gaps)} gap lines, {activities} activities"
    )


def main(config_file, dbname):
    run_sizes(
        "expectation survey campaign and gap (bench/bench_surveys.py)",
        config_file,
        dbname,
        SIZES,
        run,
        prepare,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
