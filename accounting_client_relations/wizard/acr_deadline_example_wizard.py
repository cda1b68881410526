from odoo import api, fields, models
from odoo.tools.convert import convert_file

MODULE = "accounting_client_relations"

# The example sets a manager may load: country code -> data file. They are
# not loaded at install (a wrong deadline is worse than none): a manager
# loads the set of the firm's country, checks it, and may remove it.
EXAMPLE_FILES = {
    "pl": "data/acr_deadline_template_pl_data.xml",
    "no": "data/acr_deadline_template_no_data.xml",
    "ru": "data/acr_deadline_template_ru_data.xml",
}


class AcrDeadlineExampleWizard(models.TransientModel):
    _name = "acr.deadline.example.wizard"
    _description = "Load or Remove Example Deadline Templates"

    country = fields.Selection(
        [("pl", "Poland"), ("no", "Norway"), ("ru", "Russia")], required=True, default="pl"
    )

    def _acr_example_templates(self):
        """The templates of the chosen example set that exist now."""
        self.ensure_one()
        prefix = f"deadline_template_{self.country}_"
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", MODULE),
                    ("model", "=", "acr.deadline.template"),
                    ("name", "=like", f"{prefix}%"),
                ]
            )
        )
        return (
            self.env["acr.deadline.template"]
            .with_context(active_test=False)
            .browse(data.mapped("res_id"))
            .exists()
        )

    def action_load(self):
        """Load the example set: the templates missing are created, those a
        manager already has (edited or not) are left as they are. Run twice,
        it creates nothing twice."""
        self.ensure_one()
        self.env["acr.deadline.template"].check_access("create")
        templates = self._acr_load_examples(self.country)
        action = self.env["ir.actions.act_window"]._for_xml_id(f"{MODULE}.acr_deadline_template_action")
        action["domain"] = [("id", "in", templates.ids)]
        return action

    @api.model
    def _acr_load_examples(self, country):
        """Load the example set of ``country`` (a key of EXAMPLE_FILES) and
        return its templates. Also used by the demo data."""
        convert_file(
            self.env(su=True), MODULE, EXAMPLE_FILES[country], {}, mode="update", noupdate=True, kind="data"
        )
        templates = self.new({"country": country})._acr_example_templates()
        templates.filtered(lambda t: not t.active).active = True
        return templates

    def action_remove(self):
        """Remove the example set: templates without deadlines are deleted,
        those with deadlines archived (their history stays)."""
        self.ensure_one()
        self.env["acr.deadline.template"].check_access("unlink")
        templates = self._acr_example_templates()
        used = {
            t
            for [t] in self.env["acr.deadline"]
            .sudo()
            ._read_group([("template_id", "in", templates.ids)], ["template_id"])
        }
        unused = templates.filtered(lambda t: t not in used)
        (templates - unused).active = False
        unused.unlink()
        return {"type": "ir.actions.act_window_close"}
