from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import AcrMeetingCase


@tagged("post_install", "-at_install")
class TestJourneyMinors(AcrMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-02 08:00:00"):
            cls.slot = cls.mtype._acr_free_slots(cls.accountant)[0].replace(tzinfo=None)
            cls.meeting = cls.env["acr.meeting"].create(cls._answers(start=cls.slot))

    def _assigned(self, meeting):
        return self.env["mail.message"].search(
            [
                ("model", "=", "acr.meeting"),
                ("res_id", "=", meeting.id),
                ("message_type", "=", "user_notification"),
            ]
        )

    # 12 -------------------------------------------------------------------
    def test_mark_held_is_refused_before_the_start(self):
        with freeze_time(self.slot - timedelta(hours=2)):
            with self.assertRaisesRegex(UserError, "has not started yet"):
                self.meeting.with_user(self.accountant).action_mark_held()
            self.assertEqual(self.meeting.state, "booked")
            with self.assertRaises(AccessError):
                self.meeting.with_user(self.accountant)._acr_mark_held(reason="Early")
            action = self.meeting.with_user(self.manager).action_mark_held()
            self.assertEqual(action["res_model"], "acr.meeting.held.wizard")
            wizard = (
                self.env["acr.meeting.held.wizard"]
                .with_user(self.manager)
                .with_context(**action["context"])
                .create({"reason": "  "})
            )
            with self.assertRaisesRegex(UserError, "reason"):
                wizard.action_confirm()
            wizard.reason = "The client came in this morning."
            wizard.action_confirm()
        self.assertEqual(self.meeting.state, "held")
        self.assertTrue(
            any(
                "The client came in this morning." in body for body in self.meeting.message_ids.mapped("body")
            )
        )

    def test_mark_held_after_the_start(self):
        with freeze_time(self.slot + timedelta(minutes=5)):
            self.assertIs(self.meeting.with_user(self.accountant).action_mark_held(), True)
        self.assertEqual(self.meeting.state, "held")

    # 8 --------------------------------------------------------------------
    def test_an_abandoned_draft_mails_no_assignment(self):
        draft = (
            self.env["acr.meeting"].with_user(self.portal_a).sudo().create(self._answers(booked_via="portal"))
        )
        self.assertFalse(self._assigned(draft), "no 'You have been assigned' nor activity for a draft")
        with freeze_time("2026-03-02 08:00:00"):
            slot = self.mtype._acr_free_slots(self.accountant)[0].replace(tzinfo=None)
            draft._acr_portal_book(slot)
        assigned = self._assigned(draft).filtered(lambda m: "You have been assigned" in m.subject)
        self.assertEqual(len(assigned), 1)
        self.assertEqual(assigned.partner_ids, self.accountant.partner_id)

    # 15 -------------------------------------------------------------------
    def test_a_prospect_owes_no_strategic_meeting(self):
        prospect = self._create_clients(1, "Prospect", stage_id=self.stage_prospect.id)
        self.assertFalse(prospect.next_strategic_due)
        self.assertNotIn(prospect, self.env["acr.client"].search([("strategic_overdue", "=", True)]))
        agreement = self._countersigned_agreements(prospect, date_start=date(2026, 1, 1))
        prospect.invalidate_recordset()
        self.assertEqual(
            prospect.next_strategic_due, date(2026, 4, 1), "quarterly, from the agreement's start"
        )
        self.assertTrue(agreement)


@tagged("post_install", "-at_install")
class TestJourneyMinorsPortal(HttpCase, AcrMeetingCase):
    def test_the_client_resumes_her_draft_from_my_meetings(self):
        draft = self.env["acr.meeting"].create(self._answers(booked_via="portal"))
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open("/my/meetings").text
        self.assertIn(f"/my/meetings/{draft.id}/slots", page)
        self.assertIn("o_acr_resume", page)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page = self.url_open("/my/meetings").text
        self.assertNotIn(f"/my/meetings/{draft.id}/slots", page)
        self.assertNotIn("o_acr_resume", page)
