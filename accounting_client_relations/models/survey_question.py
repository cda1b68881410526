from odoo import api, fields, models

# Questions whose suggested answers are the firm's service catalogue.
SERVICE_ROLES = ("impression", "expects")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    acr_role = fields.Selection(
        [
            ("expected", "Service as expected (yes / no)"),
            ("impression", "Services that impressed (catalogue)"),
            ("reasons", "Reasons for choosing the firm"),
            ("expects", "Services expected (catalogue)"),
            ("recommend", "Would recommend (yes / no / not sure)"),
            ("score", "Recommendation score (0-10)"),
        ],
        string="Expectation Role",
        index="btree_not_null",
        copy=True,
        help="What the expectation gap reads from this question. The catalogue questions offer the "
        "firm's services as answers and are kept in step with the service list.",
    )

    @api.model
    def _acr_sync_service_answers(self, services=None):
        """Give every catalogue question one suggested answer per active
        service it does not offer yet, rename the answers of renamed
        services and withdraw those of archived services (unless a past
        answer points to them)."""
        questions = self.sudo().search([("acr_role", "in", SERVICE_ROLES)])
        if not questions:
            return
        # The catalogue is a few dozen services.
        services = services or self.env["acr.service"].sudo().search([])  # pylint: disable=no-search-all
        # An archived service is no longer offered; its answer stays where a
        # past answer points to it.
        retired = questions.suggested_answer_ids.filtered(
            lambda a: a.acr_service_id and a.acr_service_id in services and not a.acr_service_id.active
        )
        if retired:
            used = {
                answer.id
                for [answer] in self.env["survey.user_input.line"]
                .sudo()
                ._read_group([("suggested_answer_id", "in", retired.ids)], ["suggested_answer_id"])
            }
            retired.filtered(lambda a: a.id not in used).unlink()
        services = services.filtered("active")
        offered = {
            (answer.question_id.id, answer.acr_service_id.id): answer
            for answer in questions.suggested_answer_ids.filtered("acr_service_id")
        }
        vals_list = []
        for question in questions:
            next_sequence = max(question.suggested_answer_ids.mapped("sequence") or [0])
            for service in services:
                answer = offered.get((question.id, service.id))
                if answer:
                    if answer.value != service.name:
                        answer.value = service.name
                    continue
                next_sequence += 1
                vals_list.append(
                    {
                        "question_id": question.id,
                        "acr_service_id": service.id,
                        "value": service.name,
                        "sequence": next_sequence,
                    }
                )
        if vals_list:
            self.env["survey.question.answer"].sudo().create(vals_list)
