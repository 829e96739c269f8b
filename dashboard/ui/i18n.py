"""The pages' one way to say something to people: t("English text", name=value) in the reader's language.

The catalogues are dashboard.i18n's (shared with the CLI). The language is the signed-in user's choice, else
CONSOLE_LANGUAGE (default zh_CN).
"""
from __future__ import annotations

import streamlit as st

from dashboard.languages import CODES as CONSOLE_LANGUAGES
from dashboard.languages import ROWS
from dashboard.i18n import catalogue, translate
from dashboard.ui.context import settings

__all__ = ["LANGUAGES", "LANGUAGE_KEY", "NAMES", "catalogue", "language", "t"]

NAMES = {row.code: row.name for row in ROWS}  # each language in its own words
LANGUAGES = {code: NAMES[code] for code in CONSOLE_LANGUAGES}
LANGUAGE_KEY = "language"


def language() -> str:
    """The reader's language: chosen in this session (from the account at sign-in), else the deployment's."""
    chosen = st.session_state.get(LANGUAGE_KEY)
    return chosen if chosen in LANGUAGES else settings().language


def t(message: str, /, **params: object) -> str:
    """The message in the reader's language, with {name} placeholders filled."""
    return translate(language(), message, **params)
