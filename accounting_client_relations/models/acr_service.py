from odoo import api, fields, models


class AcrService(models.Model):
    _name = "acr.service"
    _description = "Firm Service"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the client gets, in the client's words.")
    included_by_default = fields.Boolean(
        help="New agreements include this service; the others are listed as excluded."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share this service with every company.")

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        # The expectation survey offers every service (survey_question.py).
        self.env["survey.question"]._acr_sync_service_answers(services)
        return services

    def write(self, vals):
        res = super().write(vals)
        if {"name", "active"} & set(vals):
            self.env["survey.question"]._acr_sync_service_answers(self)
        return res
