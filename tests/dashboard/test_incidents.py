"""Unexpected errors become a short message with a reference id; the traceback goes to the log only."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from dashboard import incidents
from dashboard.incidents import log_to_file, record_incident


def _operational_error() -> OperationalError:
    engine = create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    try:
        with engine.connect() as conn:
            conn.execute(text("select :secret"), {"secret": "reporter-phone-13800000000"})
    except OperationalError as error:
        return error
    raise AssertionError("the connection should have failed")


def _integrity_error() -> IntegrityError:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("create table t (id integer primary key)"))
        conn.execute(text("insert into t values (1)"))
    try:
        with engine.begin() as conn:
            conn.execute(text("insert into t values (:id)"), {"id": 1})
    except IntegrityError as error:
        return error
    raise AssertionError("the insert should have failed")


@pytest.mark.parametrize(("make", "title"), [
    (_operational_error, "Database unavailable"),
    (_integrity_error, "Database error"),
    (lambda: OSError(28, "No space left on device", "/evidence/f.jpg"), "File error"),
    (lambda: KeyError("x"), "Unexpected error"),
])
def test_each_kind_of_error_gets_a_short_message_and_a_reference(make, title, caplog):
    error = make()
    with caplog.at_level(logging.ERROR, logger="dashboard.incidents"):
        incident = record_incident(error)
    assert incident.title == title
    assert re.fullmatch(r"[0-9A-F]{8}", incident.reference)
    assert "Traceback" not in str(incident) and len(str(incident)) < 200
    (logged,) = caplog.records
    assert incident.reference in logged.getMessage() and logged.exc_info[1] is error


def test_database_details_never_carry_the_statement_or_its_parameters():
    incident = record_incident(_operational_error())
    assert incident.detail == "unable to open database file"
    assert "13800000000" not in f"{incident}{incident.detail}" and "select" not in incident.detail


def test_two_incidents_get_different_references():
    assert record_incident(KeyError("a")).reference != record_incident(KeyError("a")).reference


def test_the_traceback_is_written_to_the_log_file(tmp_path, monkeypatch):
    monkeypatch.setattr(incidents, "log", logging.getLogger(f"test.incidents.{tmp_path.name}"))
    target = log_to_file(tmp_path)
    assert log_to_file(tmp_path) == target and len(incidents.log.handlers) == 1  # attached once
    try:
        raise RuntimeError("boom in a page")
    except RuntimeError as error:
        incident = record_incident(error)
    for handler in incidents.log.handlers:
        handler.flush()
    logged = target.read_text()
    assert incident.reference in logged and "Traceback" in logged and "boom in a page" in logged


def test_an_unwritable_log_folder_is_no_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(incidents, "log", logging.getLogger(f"test.incidents.ro.{tmp_path.name}"))
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert log_to_file(tmp_path) is None
