"""Escaping text from the input for HTML and SVG: the one way every HTML part escapes."""

from __future__ import annotations

import html

from reconcile.report.visible import visible_keeping_layout


def escape(text: object) -> str:
    """Escape text from the input for HTML or SVG, in content and in attribute values.

    Control and bidi-override characters and lone surrogates are shown as
    their escapes first (see `visible_keeping_layout`): they would reorder or
    hide text, and a lone surrogate cannot be written as UTF-8 at all.
    """
    return html.escape(visible_keeping_layout(str(text)), quote=True)
