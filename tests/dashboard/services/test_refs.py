"""Records are found by the id people see, or by their row number for operators."""
from __future__ import annotations

import pytest

from dashboard.db.models import Report, Stream
from dashboard.errors import NotFound
from dashboard.services.refs import by_visible_id
from tests.factories import make_report, make_stream


def test_visible_ids_and_row_numbers_both_find_the_record(session):
    stream = make_stream(session)
    report = make_report(session, stream=stream)
    assert by_visible_id(session, Stream, f"  {stream.external_id} ", noun="stream") is stream
    assert by_visible_id(session, Report, str(report.id), noun="report") is report


def test_an_unknown_id_names_what_was_asked(session):
    with pytest.raises(NotFound, match="No report 'rep-404'"):
        by_visible_id(session, Report, "rep-404", noun="report")
