from odoo import fields, models

# Field types a gate can require: a boolean or a number is always "filled"
# (False and 0 are meaningful answers), so they cannot be gate items.
GATE_FIELD_TYPES = (
    "char",
    "text",
    "html",
    "selection",
    "date",
    "datetime",
    "many2one",
    "many2many",
    "one2many",
)


class AcrOnboardingStage(models.Model):
    _name = "acr.onboarding.stage"
    _description = "Onboarding Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Pipeline",
        help="Folded stages (lost, offboarded) are collapsed in the pipeline.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="A closing stage (lost, offboarded) ends the journey: it requires only "
        "its own gate, not those of the stages before it.",
    )
    marks_active = fields.Boolean(
        string="Client Is Active",
        help="Entering this stage records the date the client became active.",
    )
    description = fields.Text(
        translate=True,
        help="What this stage means for the firm; shown as a tooltip in the pipeline.",
    )
    gate_field_ids = fields.Many2many(
        "ir.model.fields",
        "acr_onboarding_stage_gate_field_rel",
        "stage_id",
        "field_id",
        string="Gate",
        domain=[("model", "=", "acr.client"), ("ttype", "in", GATE_FIELD_TYPES)],
        help="Profile and team fields that must be filled before a client may enter "
        "this stage. Gates accumulate: an open stage also requires the gates of the "
        "open stages before it.",
    )
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Activity Plan on Entry",
        domain=[("res_model", "=", "acr.client")],
        help="Department checklist launched for each client that enters this stage. "
        "Team members the plan assigns become part of the gate.",
    )
    agreement_policy = fields.Selection(
        [
            ("none", "Not needed"),
            ("warn", "Warn when missing"),
            ("required", "Required to enter"),
        ],
        string="Engagement Agreement",
        required=True,
        default="none",
        help="Warn: the client file shows a warning while no agreement is countersigned (work has "
        "started). Required: the client cannot enter the stage without a countersigned agreement.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share this stage with every company.")
    client_count = fields.Integer(compute="_compute_client_count", string="Clients")

    def _compute_client_count(self):
        counts = dict(
            self.env["acr.client"]._read_group(
                [("stage_id", "in", self.ids)],
                ["stage_id"],
                ["__count"],
            )
        )
        for stage in self:
            stage.client_count = counts.get(stage, 0)

    def _acr_required_field_names(self):
        """Return {stage: [field names]} that a client must fill to enter each
        stage of ``self``: its own gate, the gates of the open stages before it
        (for open stages), and the team roles its activity plan assigns.

        One search for the stage list; everything else is in memory.
        """
        all_stages = self.search([]) | self  # pylint: disable=no-search-all
        role_fields = self.env["mail.activity.plan.template"]._acr_role_fields()
        result = {}
        for stage in self:
            gated = stage
            if not stage.is_closed:
                gated |= all_stages.filtered(
                    lambda s, st=stage: not s.is_closed and (s.sequence, s.id) < (st.sequence, st.id)
                )
            # Field metadata is not secret, but ir.model.fields is readable
            # by administrators only.
            names = list(
                dict.fromkeys(gated.sorted(lambda s: (s.sequence, s.id)).sudo().gate_field_ids.mapped("name"))
            )
            for template in stage.activity_plan_id.template_ids:
                fname = role_fields.get(template.responsible_type)
                if fname and fname not in names:
                    names.append(fname)
            result[stage] = names
        return result
