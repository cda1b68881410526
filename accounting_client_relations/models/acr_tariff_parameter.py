from odoo import api, fields, models


class AcrTariffParameter(models.Model):
    _name = "acr.tariff.parameter"
    _description = "Tariff Parameter"
    _order = "sequence, id"

    name = fields.Char(string="Label", required=True, translate=True)
    code = fields.Char(required=True, help="Technical code, unique per company, used in imports and reports.")
    sequence = fields.Integer(default=10)
    value_type = fields.Selection(
        [("integer", "Number"), ("boolean", "Yes / No")],
        string="Type",
        required=True,
        default="integer",
    )
    profile_field = fields.Selection(
        selection="_selection_profile_field",
        string="Pre-filled From",
        help="The client-profile field whose value pre-fills this parameter in a new quote.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share this parameter with every company."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "The code of a tariff parameter must be unique per company.",
        ),
    ]

    @api.model
    def _selection_profile_field(self):
        Client = self.env["acr.client"]
        return [
            (name, Client._fields[name].get_description(self.env)["string"])
            for name in Client._acr_tariff_profile_fields()
        ]

    def _acr_profile_value(self, client):
        """The value pre-filling this parameter for ``client`` (0 or False when
        the parameter has no profile field)."""
        self.ensure_one()
        if not self.profile_field or self.profile_field not in client._fields:
            return False if self.value_type == "boolean" else 0
        value = client[self.profile_field]
        return bool(value) if self.value_type == "boolean" else int(value or 0)
