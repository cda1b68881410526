from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

# Key of ``add_context`` holding extra QWeb values per record id, for
# templates that list several things per recipient (digests).
VALUES_BY_ID = "acr_values_by_id"


class MailRenderMixin(models.AbstractModel):
    """Compile a mail template's QWeb body once per rendering call.

    Odoo 18 parses and compiles the body again for every record
    (``ir.qweb._render`` does not cache templates given as an element): for
    10,000 reminders that is 10,000 compilations. With the context key
    ``acr_compile_once`` (set by ``acr.mail.bulk``), the body is compiled once
    per call, which ``_render_field`` makes once per language, and each record
    only runs the compiled code. The values, options and access restrictions
    are Odoo's own; the output is the same.

    ``add_context[VALUES_BY_ID]`` (``{res_id: {name: value}}``) gives each
    record its own extra values, in the body and in the inline fields
    (subject, sender): a digest lists each recipient's own lines."""

    _inherit = "mail.render.mixin"

    def _render_eval_context(self):
        """In a bulk rendering call (``acr_compile_once``) the same amounts
        and dates come back for many records: format each distinct value once
        per call (one environment, one language, so the same text)."""
        render_context = super()._render_eval_context()
        if self.env.context.get("acr_compile_once"):
            for name in ("format_amount", "format_date"):
                render_context[name] = _memoized(render_context[name])
        return render_context

    @api.model
    def _render_template_inline_template(self, template_txt, model, res_ids, add_context=None, options=None):
        values_by_id = (add_context or {}).get(VALUES_BY_ID)
        if not values_by_id:
            return super()._render_template_inline_template(
                template_txt, model, res_ids, add_context=add_context, options=options
            )
        # Per-record values (a digest's lines): one call per record.
        base = {k: v for k, v in add_context.items() if k != VALUES_BY_ID}
        results = {}
        for res_id in res_ids:
            results.update(
                super()._render_template_inline_template(
                    template_txt,
                    model,
                    [res_id],
                    add_context={**base, **(values_by_id.get(res_id) or {})},
                    options=options,
                )
            )
        return results

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        values_by_id = (add_context or {}).get(VALUES_BY_ID)
        if (
            not (self.env.context.get("acr_compile_once") or values_by_id)
            or not template_src
            or not res_ids
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        variables.update({k: v for k, v in (add_context or {}).items() if k != VALUES_BY_ID})
        options = dict(options or {})
        if (
            not self._unrestricted_rendering
            and not self.env.is_admin()
            and not self.env.user.has_group("mail.group_mail_template_editor")
        ):
            options["raise_on_forbidden_code_for_model"] = model
        element = html.fragment_fromstring(template_src, create_parent="div")
        qweb = self.env["ir.qweb"].with_context(**options)
        compiled = None
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record, **((values_by_id or {}).get(record.id) or {}))
            try:
                renderer = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                if compiled is None:
                    compiled = renderer._compile(element)
                functions, def_name = compiled
                rendered = "".join(functions[def_name](renderer, values))
            except Exception:
                # Let Odoo's own rendering raise its own error for the template.
                return super()._render_template_qweb(
                    template_src, model, res_ids, add_context=add_context, options=options
                )
            # Drop the <div> wrapping the fragment, as Odoo does.
            results[record.id] = Markup(rendered)[5:-6]
        return results


def _memoized(func):
    """``func`` with its results kept per arguments, for the length of one
    rendering call; unhashable arguments are passed through."""
    cache = {}

    def call(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        try:
            return cache[key]
        except KeyError:
            result = cache[key] = func(*args, **kwargs)
            return result
        except TypeError:
            return func(*args, **kwargs)

    return call
