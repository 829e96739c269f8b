"""The one place where console errors become st.error messages."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard.errors import ConsoleError, ImportRejected
from dashboard.ui.text import plain


@contextmanager
def shown_errors() -> Iterator[None]:
    """Show any ConsoleError raised inside as an error box instead of a traceback."""
    try:
        yield
    except ImportRejected as error:
        st.error(f"**{error.title}** — {len(error.problems)} bad record(s) in {plain(error.source)}; "
                 "nothing was imported.")
        st.dataframe({"line": [n for n, _ in error.problems], "problem": [m for _, m in error.problems]},
                     hide_index=True)
    except ConsoleError as error:
        st.error(f"**{error.title}** — {plain(error)}")
