from odoo import api, fields, models


class AcrDeadlineRegenerateWizard(models.TransientModel):
    """After a template edit: preview how many open future deadlines would
    move, be cancelled or be created for the active clients it applies to,
    and apply it. Never silent: nothing changes until the manager applies."""

    _name = "acr.deadline.regenerate.wizard"
    _description = "Regenerate Deadlines from a Template"

    template_id = fields.Many2one("acr.deadline.template", required=True, ondelete="cascade")
    update_count = fields.Integer(compute="_compute_preview", string="Deadlines to Move")
    cancel_count = fields.Integer(compute="_compute_preview", string="Deadlines to Cancel")
    create_count = fields.Integer(compute="_compute_preview", string="Deadlines to Create")

    @api.depends("template_id")
    def _compute_preview(self):
        for wizard in self:
            counts = wizard._acr_clients()._acr_refresh_template_deadlines(wizard.template_id, dry_run=True)
            wizard.update_count = counts["update"]
            wizard.cancel_count = counts["cancel"]
            wizard.create_count = counts["create"]

    def _acr_clients(self):
        """The active clients the manager sees (record rules apply)."""
        return self.env["acr.client"].search([("stage_id.marks_active", "=", True)])

    def action_apply(self):
        self.ensure_one()
        self.env["acr.deadline.template"].check_access("write")
        self._acr_clients()._acr_refresh_template_deadlines(self.template_id)
        return {"type": "ir.actions.act_window_close"}
