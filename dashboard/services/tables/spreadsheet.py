"""CSV that a spreadsheet opens as data, never as formulas (CSV or formula injection, as OWASP describes it)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A cell a spreadsheet will not evaluate: text starting with = + - @ tab or CR gets a leading apostrophe.

    Numbers stay numbers; reporter text, stream titles and reasons are where hostile cells come from.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def frame_csv(frame: pd.DataFrame) -> str:
    """A DataFrame as CSV text with every cell made inert (headers too)."""
    safe = frame.map(inert)
    safe.columns = [inert(str(c)) for c in frame.columns]
    return safe.to_csv(index=False, lineterminator="\r\n")  # RFC 4180: a CR inside a cell gets quoted


def rows_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text with every cell made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([inert(c) for c in header])
    for row in rows:
        writer.writerow([inert(c) for c in row])
    return buffer.getvalue()


def for_excel(text: str) -> bytes:
    """CSV text as a download: UTF-8 with a byte-order mark, which Excel on Chinese Windows needs to read it as
    UTF-8 (without it, Chinese headers and cells open as mojibake)."""
    return ("\ufeff" + text).encode("utf-8")
