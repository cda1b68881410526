from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    acr_service_id = fields.Many2one(
        "acr.service",
        string="Service",
        index="btree_not_null",
        ondelete="set null",
        help="The firm's service this answer stands for: compared with the client's agreement.",
    )
    acr_key = fields.Selection(
        [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")],
        string="Meaning",
        help="What the expectation gap reads from this answer, whatever its wording.",
    )
