from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Responsible types that assign an activity to a member of the client's firm
# team, and the acr.client field that holds that member.
ACR_ROLE_FIELDS = {
    "acr_accountant": "user_id",
    "acr_tax": "tax_user_id",
    "acr_payroll": "payroll_user_id",
    "acr_coordinator": "coordinator_id",
}


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    responsible_type = fields.Selection(
        selection_add=[
            ("acr_accountant", "Client's Responsible Accountant"),
            ("acr_tax", "Client's Tax Accountant"),
            ("acr_payroll", "Client's Payroll Accountant"),
            ("acr_coordinator", "Client's Coordinator"),
        ],
        ondelete=dict.fromkeys(ACR_ROLE_FIELDS, "cascade"),
    )

    @api.model
    def _acr_role_fields(self):
        return dict(ACR_ROLE_FIELDS)

    @api.constrains("plan_id", "responsible_type")
    def _check_responsible_acr(self):
        for template in self:
            if template.responsible_type in ACR_ROLE_FIELDS and template.plan_id.res_model != "acr.client":
                raise ValidationError(
                    self.env._("Client team roles can only assign activities of client file plans.")
                )

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        fname = ACR_ROLE_FIELDS.get(self.responsible_type)
        if not fname or applied_on_record._name != "acr.client":
            return super()._determine_responsible(on_demand_responsible, applied_on_record)
        responsible = applied_on_record[fname]
        error = False
        if not responsible:
            error = self.env._(
                "%(role)s of %(client)s is not set.",
                role=applied_on_record._fields[fname].get_description(self.env)["string"],
                client=applied_on_record.display_name,
            )
        return {"responsible": responsible, "error": error}
