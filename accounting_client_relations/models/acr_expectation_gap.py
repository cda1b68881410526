from odoo import fields, models


class AcrExpectationGap(models.Model):
    """One finding of the expectation gap: what a client's survey answer says
    against the client's running agreement. Written by
    ``survey.user_input._acr_check_expectations``, read by the report."""

    _name = "acr.expectation.gap"
    _description = "Expectation Gap"
    _order = "date desc, id desc"
    _rec_name = "client_id"

    user_input_id = fields.Many2one(
        "survey.user_input", string="Answer", ondelete="cascade", index="btree_not_null"
    )
    client_id = fields.Many2one(
        "acr.client", string="Client File", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    agreement_id = fields.Many2one("acr.agreement", ondelete="set null")
    service_id = fields.Many2one("acr.service", ondelete="restrict", index="btree_not_null")
    kind = fields.Selection(
        [
            ("expects_excluded", "Expects an excluded service"),
            ("expects_absent", "Expects a service not in the agreement"),
            ("values_less", "Included service not valued"),
            ("detractor", "Detractor"),
            ("review_gap", "Communication review: expectation gap"),
            ("review_risk", "Communication review: risk"),
        ],
        required=True,
        index=True,
    )
    date = fields.Date(required=True, index=True)
    segment_id = fields.Many2one("acr.segment", index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Responsible Accountant", index="btree_not_null")
    count = fields.Integer(default=1, aggregator="sum", help="1 per finding: what the report sums.")
