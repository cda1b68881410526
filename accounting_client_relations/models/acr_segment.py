from odoo import fields, models


class AcrSegment(models.Model):
    _name = "acr.segment"
    _description = "Client Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share this segment with every company.")
