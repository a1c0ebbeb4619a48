"""Escaping text from the input for HTML and SVG."""

from __future__ import annotations

import html


def escape(text: object) -> str:
    """Text from the input as HTML or SVG text, safe in content and in attribute values."""
    return html.escape(str(text), quote=True)
