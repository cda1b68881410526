from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    acr_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Launched by Plan",
        index="btree_not_null",
        ondelete="set null",
        help="Set on the activities of a client file's onboarding checklist, "
        "so that the file can show the checklist's progress.",
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        """An accountant who marks a deadline's activity done from the
        activity menu marks the deadline done too (with their rights)."""
        deadline_ids = [a.res_id for a in self if a.res_model == "acr.deadline"]
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if deadline_ids:
            deadlines = self.env["acr.deadline"].browse(deadline_ids).exists()
            deadlines = deadlines._filtered_access("write").filtered(lambda d: d.state == "todo")
            if deadlines:
                deadlines.action_mark_done()
        return res
