"""Untrusted text (reporter text, stream titles, owner names, reasons) shown as plain text, never as Markdown.

Streamlit renders Markdown in st.markdown, captions, headers and alerts: a reporter's "[click](http://...)" would
become a live link, "![x](http://...)" an image fetched by the reviewer's browser. Backslash-escaping every ASCII
punctuation character is CommonMark's own way to say "this character, literally".
"""
from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&\"'=@%^;,/?])")


def plain(value: object) -> str:
    """The value as text that Markdown shows exactly as written (line breaks kept)."""
    return _PUNCTUATION.sub(r"\\\1", "" if value is None else str(value))
