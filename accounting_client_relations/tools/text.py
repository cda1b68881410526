"""Checks on text that people type into the portal."""

import re

from odoo.exceptions import UserError

# C0 control characters but tab, line feed and carriage return, and DEL.
# PostgreSQL refuses a NUL byte in a text column; the others are never typed
# by a person and can hide content in mails and PDFs.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_plain_text(env, texts):
    """Refuse control characters in ``texts``, ``{label: text}``, with a
    message naming the field, before anything is written.

    :raise UserError: on the first text with a control character
    """
    for label, text in texts.items():
        if text and CONTROL_RE.search(text):
            raise UserError(
                env._(
                    "%(field)s contains a control character (for example a NUL byte) that cannot "
                    "be saved. Please remove it and send again.",
                    field=label,
                )
            )
