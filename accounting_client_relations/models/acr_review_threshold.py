from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AcrReviewThreshold(models.Model):
    """Where a review dimension turns amber and red, set by a manager.

    One row per dimension (per company, or shared). A dimension without a
    row uses the defaults of its descriptor (``acr.client.review.
    _acr_review_dimensions``)."""

    _name = "acr.review.threshold"
    _description = "Annual Review Threshold"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    dimension = fields.Selection(selection="_selection_dimension", required=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share this threshold with every company."
    )
    higher_is_better = fields.Boolean(compute="_compute_descriptor")
    unit = fields.Char(compute="_compute_descriptor")
    green_limit = fields.Float(
        string="Green From",
        required=True,
        help="Green when the figure reaches this value (or stays at or below it when lower is better).",
    )
    red_limit = fields.Float(
        string="Red From",
        required=True,
        help="Red when the figure falls to this value (or rises to it when lower is better).",
    )

    _sql_constraints = [
        (
            "dimension_company_unique",
            "UNIQUE NULLS NOT DISTINCT (dimension, company_id)",
            "A dimension has one threshold per company.",
        ),
    ]

    def _selection_dimension(self):
        return [(dim["code"], dim["name"]) for dim in self.env["acr.client.review"]._acr_review_dimensions()]

    @api.depends("dimension")
    def _compute_descriptor(self):
        descriptors = {dim["code"]: dim for dim in self.env["acr.client.review"]._acr_review_dimensions()}
        for threshold in self:
            dim = descriptors.get(threshold.dimension) or {}
            threshold.higher_is_better = dim.get("higher_is_better", True)
            threshold.unit = dim.get("unit", "")

    @api.constrains("green_limit", "red_limit", "dimension")
    def _check_limits(self):
        for threshold in self:
            if threshold.higher_is_better and threshold.green_limit < threshold.red_limit:
                raise ValidationError(
                    self.env._(
                        "%(dimension)s: higher is better, so green must start at or above red.",
                        dimension=threshold._acr_dimension_label(),
                    )
                )
            if not threshold.higher_is_better and threshold.green_limit > threshold.red_limit:
                raise ValidationError(
                    self.env._(
                        "%(dimension)s: lower is better, so green must end at or below red.",
                        dimension=threshold._acr_dimension_label(),
                    )
                )

    def _acr_dimension_label(self):
        return dict(self._fields["dimension"]._description_selection(self.env)).get(self.dimension, "")

    @api.model
    def _acr_limits(self, company=None):
        """``{dimension: (green, red)}`` for ``company``: its own rows over the
        shared ones over the descriptors' defaults. One query."""
        company = company or self.env.company
        limits = {
            dim["code"]: dim["default_limits"]
            for dim in self.env["acr.client.review"]._acr_review_dimensions()
        }
        rows = self.sudo().search_fetch(
            [("company_id", "in", (company.id, False))],
            ["dimension", "company_id", "green_limit", "red_limit"],
        )
        for row in sorted(rows, key=lambda r: bool(r.company_id)):
            limits[row.dimension] = (row.green_limit, row.red_limit)
        return limits
