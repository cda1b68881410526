from odoo import fields, models
from odoo.exceptions import UserError

from .acr_client_review import RUNNING


class AcrClient(models.Model):
    """The client file's side of the annual review: its reviews, and
    opening one before the job does."""

    _inherit = "acr.client"

    review_ids = fields.One2many("acr.client.review", "client_id", string="Annual Reviews")
    review_count = fields.Integer(compute="_compute_review_count", string="Reviews")

    def _compute_review_count(self):
        counts = dict(
            self.env["acr.client.review"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for client in self:
            client.review_count = counts.get(client, 0)

    def action_view_reviews(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Annual Reviews"),
            "res_model": "acr.client.review",
            "view_mode": "list,kanban,form",
            "domain": [("client_id", "=", self.id)],
        }

    def action_open_annual_review(self):
        """Open the review of the next anniversary now (managers), with the
        same batch computation as the daily job; the existing one when it
        is already open."""
        self.ensure_one()
        Review = self.env["acr.client.review"]
        Review._acr_check_manager()
        self.check_access("read")
        agreements = self.sudo().agreement_ids.filtered(lambda a: a.state in RUNNING)
        if not agreements:
            raise UserError(
                self.env._("%(client)s has no running agreement to review.", client=self.display_name)
            )
        review = Review._acr_open_reviews(agreements)
        if not review:
            anniversary = Review._acr_next_anniversary(
                max(agreements.mapped("date_start")), fields.Date.context_today(self)
            )
            review = Review.search(
                [("client_id", "=", self.id), ("review_year", "=", anniversary.year)], limit=1
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "acr.client.review",
            "res_id": review.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _acr_review_topics(self):
        """Suggested agenda topics of the annual review meeting: the
        client-visible figures of the client's latest review (none when it
        has no review). Called on the portal for the client's own file."""
        self.ensure_one()
        review = (
            self.env["acr.client.review"]
            .sudo()
            .search([("client_id", "=", self.id)], order="date_anniversary desc, id desc", limit=1)
        )
        return review._acr_client_topics() if review else []

    def _acr_suggested_topics(self, meeting_type):
        topics = super()._acr_suggested_topics(meeting_type)
        if meeting_type.kind == "annual_review":
            # The year's figures the client may see start the conversation.
            topics = [{"name": topic, "minutes": 10} for topic in self._acr_review_topics()] + topics
        return topics
