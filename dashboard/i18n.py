"""The console's message catalogues (GNU gettext through Babel), for the pages and the CLI alike.

Messages live in dashboard/locale/<lang>/LC_MESSAGES/console.po, extracted from the code by scripts/messages.py and
compiled in memory when first needed, so a catalogue is never stale. English needs none: the code's text is English.
"""
from __future__ import annotations

import io
from enum import Enum
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from dashboard.errors import ConsoleError
from dashboard.messages import Phrase

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "console"
_SPECIAL = {"sla": "SLA", "qr": "QR", "id": "ID", "utc": "UTC"}


@lru_cache(maxsize=4)
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue of a language."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(language: str, message: str, /, **params: object) -> str:
    """The message in the language, with {name} placeholders filled (a composed Phrase from its own template)."""
    if isinstance(message, Phrase) and not params:
        return translate(language, message.template, **{k: _param(language, v) for k, v in message.params.items()})
    text = catalogue(language).gettext(message)
    return text.format(**params) if params else text


@lru_cache(maxsize=1)
def _code_labels() -> dict[str, str]:
    """Every Vocabulary code's words by its value (codes shared by two vocabularies have the same words)."""
    from dashboard.enums import Vocabulary

    return {member.value: member.label for vocabulary in Vocabulary.__subclasses__() for member in vocabulary}


def words(language: str, value: object) -> str:
    """A code ('ecological_agriculture', an enum member) as words: 'Ecological agriculture' / '生态农业'."""
    if isinstance(label := getattr(value, "label", None), str):  # a Vocabulary code: its own words
        return translate(language, label)
    text = str(getattr(value, "value", value) or "")
    if text in (labels := _code_labels()):  # a code read back as text (a DataFrame cell): the same words
        return translate(language, labels[text])
    parts = [_SPECIAL.get(w, w) for w in text.replace("_", " ").split()]
    if not parts:
        return ""
    english = " ".join(parts)
    return translate(language, english[:1].upper() + english[1:])


def _param(language: str, value: object) -> object:
    """A message parameter in the language: enum members and catalogue words translated, lists joined."""
    if isinstance(value, (list, tuple)):
        return translate(language, ", ").join(str(_param(language, item)) for item in value)
    if isinstance(value, Enum):
        return words(language, value)
    return translate(language, value) if isinstance(value, str) and value else value


def error_text(language: str, error: ConsoleError) -> str:
    """A console error's sentence in the language."""
    if not error.message:
        return str(error)
    return translate(language, error.message, **{k: _param(language, v) for k, v in error.params.items()})
