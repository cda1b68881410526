import contextlib
import contextvars

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# The models whose transition is running in this thread, as a frozenset of
# model names. A context variable, not a context key: XML-RPC and JSON-RPC
# callers choose the context they send, never the value of this variable.
_TRANSITIONS = contextvars.ContextVar("acr_transitions", default=frozenset())


class AcrStateGuardMixin(models.AbstractModel):
    """States change only through the model's own transitions; signed and
    sent facts are immutable. One rule for every stateful model, whoever the
    caller: a form, an import (``load``), XML-RPC, a server action, a manager
    or the superuser.

    A model declares:

    - ``_acr_guarded_fields``: the state field (first) and the facts only its
      transitions write (signer, signing time, hashes, amounts…). ``create``
      accepts them empty (the state at its default); ``write`` refuses any
      change to them.
    - ``_acr_frozen_fields``: the terms that may be edited while the record is
      in one of ``_acr_editable_states`` and are frozen afterwards.

    A transition is a method of the model (``action_*`` or a portal method)
    that checks its own rules and then writes through the guard::

        def action_supersede(self):
            if any(agreement.state != "active" for agreement in self):
                raise UserError(self.env._("Only an active agreement can be superseded."))
            self._acr_transition_write({"state": "superseded"})
            return True

    Several writes or creates (and the models they cascade to, listed in the
    ``models`` argument) run under ``with self._acr_transition(): ...``.
    Nothing a caller sends can open that block: it is a context variable of
    the running thread, not a key of the context.

    The administrative override, for managers, is ``action_acr_override``
    with the values and the reason; the chatter records both.
    Module data (demo records in their final state) is loaded while the
    registry is being built, which no request can reach: it is allowed.
    """

    _name = "acr.state.guard.mixin"
    _description = "State Guard: Transitions Only"

    _acr_guarded_fields = ("state",)
    _acr_frozen_fields = ()
    _acr_editable_states = ("draft",)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._acr_guard_open():
            # A guarded field is given empty or at its default (the initial
            # state, the first revision), or not at all.
            initial = {
                fname: self._fields[fname].default(self) if self._fields[fname].default else False
                for fname in self._acr_guarded_fields
            }
            for vals in vals_list:
                forced = [
                    fname
                    for fname in self._acr_guarded_fields
                    if vals.get(fname) and vals[fname] != initial[fname]
                ]
                if forced:
                    self._acr_refuse(forced)
        return super().create(vals_list)

    def write(self, vals):
        if self and not self._acr_guard_open():
            self._acr_check_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_acr_override(self, vals, reason):
        """Administrative override, for managers only: write ``vals`` (state,
        guarded or frozen fields) outside the transitions, with the reason in
        the chatter. For corrections that no transition covers."""
        if not self.env.user.has_group("accounting_client_relations.group_acr_manager"):
            raise AccessError(self.env._("Only a manager can override the state of a record."))
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("An override needs its reason."))
        if not isinstance(vals, dict) or not vals:
            raise UserError(self.env._("Give the values to write."))
        self.check_access("write")
        labels = ", ".join(self._acr_field_labels(vals))
        with self._acr_transition():
            self.write(vals)
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "Administrative override of %(fields)s by %(user)s.", fields=labels, user=self.env.user.name
            ),
            reason,
        )
        self._acr_log_override(body)
        return True

    def _acr_log_override(self, body):
        """Record an override: in the record's own chatter; a model without
        one posts it on the document it belongs to."""
        for record in self:
            record.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    @contextlib.contextmanager
    def _acr_transition(self, models=()):
        """Open the guard of this model (and of ``models``, names of the
        models the transition cascades to) for the block."""
        token = _TRANSITIONS.set(_TRANSITIONS.get() | {self._name, *models})
        try:
            yield
        finally:
            _TRANSITIONS.reset(token)

    def _acr_transition_write(self, vals):
        with self._acr_transition():
            return self.write(vals)

    def _acr_guard_open(self):
        if self._name in _TRANSITIONS.get():
            return True
        # Module data files, while the registry is being loaded (no request
        # reaches a registry that is not ready).
        return not self.pool.ready and bool(self.env.context.get("install_filename"))

    def _acr_check_write(self, vals):
        guarded = [
            fname
            for fname in self._acr_guarded_fields
            if fname in vals and self._acr_changes(fname, vals[fname])
        ]
        if guarded:
            self._acr_refuse(guarded)
        state_field = self._acr_guarded_fields[0]
        frozen_fields = [fname for fname in self._acr_frozen_fields if fname in vals]
        if frozen_fields:
            frozen = self.filtered(lambda r: r[state_field] not in self._acr_editable_states)
            changed = [fname for fname in frozen_fields if frozen._acr_changes(fname, vals[fname])]
            if frozen and changed:
                raise UserError(frozen[:1]._acr_frozen_message(changed))

    def _acr_changes(self, fname, value):
        """Whether writing ``value`` to ``fname`` changes a record of ``self``
        (an import that repeats the current values is not refused)."""
        if not self:
            return False
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return bool(value)
        try:
            new = field.convert_to_record(field.convert_to_cache(value, self, validate=False), self)
        except (ValueError, TypeError):
            return True
        return any(record[fname] != new for record in self)

    def _acr_field_labels(self, fnames):
        return [
            self._fields[fname]._description_string(self.env) for fname in fnames if fname in self._fields
        ]

    def _acr_refuse(self, fnames):
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s can only be changed by the document's own actions "
                "(its buttons and the portal), not by a direct write or an import.",
                fields=", ".join(self._acr_field_labels(fnames)),
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _acr_frozen_message(self, fnames):
        """The refusal of a change to frozen terms; models say what to do instead."""
        return self.env._(
            "%(record)s is no longer a draft: %(fields)s are frozen.",
            record=self.display_name,
            fields=", ".join(self._acr_field_labels(fnames)),
        )
