"""The console's one way to say something to people: t("English text", name=value) in the reader's language.

Messages live in GNU gettext catalogues (dashboard/locale/<lang>/LC_MESSAGES/console.po), extracted from the code
with `pybabel extract` (babel.cfg) and compiled in memory when first needed, so a catalogue is never stale.
The language is the signed-in user's choice, else CONSOLE_LANGUAGE (default zh_CN).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import streamlit as st
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from dashboard.config import LANGUAGES as CONSOLE_LANGUAGES
from dashboard.ui.context import settings

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "console"
NAMES = {"zh_CN": "中文", "en": "English"}  # each language in its own words
LANGUAGES = {code: NAMES[code] for code in CONSOLE_LANGUAGES}
LANGUAGE_KEY = "language"


@lru_cache(maxsize=4)
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue of a language (English needs none: the code's text is English)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def language() -> str:
    """The reader's language: chosen in this session (from the account at sign-in), else the deployment's."""
    chosen = st.session_state.get(LANGUAGE_KEY)
    return chosen if chosen in LANGUAGES else settings().language


def t(message: str, /, **params: object) -> str:
    """The message in the reader's language, with {name} placeholders filled."""
    text = catalogue(language()).gettext(message)
    return text.format(**params) if params else text

