"""Marking texts for the message catalogue without translating them (no Streamlit, usable by services)."""
from __future__ import annotations

import json


def N_(message: str) -> str:
    """Mark a text for the message catalogue; it is translated where it is shown (ui.i18n.t)."""
    return message


class Phrase(str):
    """A sentence a service composes from a catalogue text and values ('undo of report 12: …'): the English text
    as a string (exports, logs), with its template and values kept so a page can say it in the reader's language."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> "Phrase":
        phrase = super().__new__(cls, template.format(**params))
        phrase.template, phrase.params = template, params
        return phrase


def stored(text: str) -> dict[str, object] | None:
    """A Phrase's template and values as a JSON column keeps them (values JSON cannot hold as text; None for plain
    text)."""
    if not isinstance(text, Phrase):
        return None
    return {"template": text.template, "params": json.loads(json.dumps(text.params, default=str))}


def restored(data: object) -> Phrase | None:
    """The Phrase a JSON column kept (see stored), or None."""
    return Phrase(data["template"], **data["params"]) if isinstance(data, dict) and "template" in data else None


# Where the catalogue's texts are marked: t()/N_() calls, and the first argument of every console error (an error
# carries an English message id and its parameters; the page translates it where it is shown).
SOURCES = [("dashboard/**.py", "python"), ("streamlit_app.py", "python"), ("pages/**.py", "python"),
           ("migrations/versions/**.py", "python")]


def keywords() -> dict[str, None]:
    """The call names whose first string argument is a catalogue text."""
    from dashboard.errors import ConsoleError

    errors, pending = set(), [ConsoleError]
    while pending:
        cls = pending.pop()
        errors.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return {"t": None, "N_": None, "_": None} | {name: None for name in sorted(errors)}
