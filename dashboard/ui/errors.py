"""The one place where errors become st.error messages: console errors as they are, anything else as an incident."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard.errors import ConsoleError, ImportRejected
from dashboard.incidents import record_incident
from dashboard.i18n import error_text
from dashboard.ui.i18n import language, t
from dashboard.ui.text import plain


def message(error: ConsoleError) -> str:
    """An error's sentence in the reader's language."""
    return error_text(language(), error)


@contextmanager
def shown_errors() -> Iterator[None]:
    """Show any ConsoleError raised inside as an error box instead of a traceback."""
    try:
        yield
    except ImportRejected as error:
        st.error(f"**{t(error.title)}** — " + t("{count} bad record(s) in {source}; nothing was imported.",
                                                  count=len(error.problems), source=plain(t(error.source))))
        st.dataframe({t("Line"): [n for n, _ in error.problems], t("Problem"): [t(m) for _, m in error.problems]},
                     hide_index=True)
    except ConsoleError as error:
        st.error(f"**{t(error.title)}** — {plain(message(error))}")


@contextmanager
def error_boundary() -> Iterator[None]:
    """The top-level boundary around every page: console errors as messages, anything else as an incident.

    An incident shows a short message and a reference id; its traceback goes to the log, never to the browser.
    Streamlit's own control flow (st.stop, st.rerun) derives from BaseException and passes through.
    """
    try:
        with shown_errors():
            yield
    except Exception as error:  # noqa: BLE001  (the one place an unexpected error is caught)
        incident = record_incident(error)
        reference = t("Reference")
        st.error(f"**{t(incident.title)}** — {t(incident.message)}  \n{reference}: `{incident.reference}`",
                 icon=":material/error:")
