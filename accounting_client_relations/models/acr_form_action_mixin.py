from odoo import models


class AcrFormActionMixin(models.AbstractModel):
    """The window action that opens one record in its form: shared by the
    buttons that create or find a record and then show it."""

    _name = "acr.form.action.mixin"
    _description = "Open a Record in its Form"

    def _acr_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "name": self.display_name,
            "view_mode": "form",
            "views": [(False, "form")],
        }
