"""Import streams and reports from CSV or JSON lines: all-or-nothing, idempotent on external_id."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal, get_args, get_origin

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.clock import utcnow
from dashboard.messages import N_, Phrase
from dashboard.config import LANGUAGES, Settings
from dashboard.enums import (
    AuditAction, Category, OwnerKind, PlaceType, ReportReason, ReportStatus, StreamState, Visibility,
)
from dashboard.db.models import Owner, Report, Stream
from dashboard.errors import ImportRejected, InvalidInput
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, require
from dashboard.services.desk.reports import priority_for, sla_deadline
from dashboard.services.streams.lifecycle import snapshot
from dashboard.services.streams.moderation import compliance_defaults

Kind = Literal["streams", "reports", "appeals"]
KIND_WORDS = (N_("streams"), N_("reports"), N_("appeals"))  # what a rejected import names as its source, in the catalogue


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 and DEL, but tab and line ends
CLOCK_SKEW = timedelta(minutes=5)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        # A NUL byte cannot be stored in PostgreSQL text at all; other control characters hide text from people.
        if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
            raise PydanticCustomError("control_character", "contains the control character {code}",
                                      {"code": f"U+{ord(found.group()):04X}"})
        return value


class StreamRecord(_Record):
    """One stream line of an import file."""

    external_id: str = Field(min_length=1, max_length=64)
    owner_external_id: str = Field(min_length=1, max_length=64)
    owner_name: str = Field(min_length=1, max_length=200)
    owner_kind: OwnerKind
    title: str = Field(min_length=1, max_length=200)
    category: Category
    place_type: PlaceType
    visibility: Visibility = Visibility.OFF
    state: StreamState = StreamState.LIVE
    source_uri: str | None = Field(default=None, max_length=1000)
    owner_language: Literal[LANGUAGES] | None = None  # what the owner is told in; none: Chinese


class ReportRecord(_Record):
    """One report line of an import file."""

    external_id: str = Field(min_length=1, max_length=64)
    stream_external_id: str = Field(min_length=1, max_length=64)
    reason: ReportReason
    text: str = Field(default="", max_length=10_000)
    received_at: AwareDatetime

    @field_validator("received_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime) -> datetime:
        if value > utcnow() + CLOCK_SKEW:
            raise PydanticCustomError("in_the_future", "is in the future ({when})", {"when": value.isoformat()})
        return value


class AppealRecord(_Record):
    """One appeal line from the platform: the owner contests the decision a notice told them of."""

    external_id: str = Field(min_length=1, max_length=64)
    notice_id: str = Field(min_length=1, max_length=36)
    text: str = Field(default="", max_length=100_000)
    received_at: AwareDatetime

    _not_in_the_future = field_validator("received_at")(ReportRecord._not_in_the_future.__func__)


@dataclass
class ImportSummary:
    """What an import did."""

    kind: str
    created: int = 0
    skipped_existing: list[str] = field(default_factory=list)


def _rows(text: str, fmt: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, record dict or None, problem) for each record of the file."""
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, None, Phrase(N_("not valid JSON (at character {column})"), column=error.colno)
                continue
            yield (number, value, None) if isinstance(value, dict) else (number, None, Phrase(N_("not a JSON object")))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            if None in row or None in row.values():
                yield reader.line_num, None, Phrase(N_("expected {count} columns"), count=len(reader.fieldnames or []))
                continue
            yield reader.line_num, {k: (v if v != "" else None) for k, v in row.items()}, None
    except csv.Error as error:
        yield reader.line_num, None, Phrase(N_("malformed CSV ({error})"), error=str(error))


_NOT_A_TIME = N_("{field}: not a date and time like 2026-12-03T08:00:00+08:00")
_UNKNOWN_VALUE = N_("{field}: unknown value {input}; expected one of {expected}")
# What a bad field is told, by Pydantic's error type: catalogue texts, so an importer reads them in their language.
_PROBLEMS = {
    "missing": N_("{field}: required"),
    "extra_forbidden": N_("{field}: not a column of this file"),
    "string_too_short": N_("{field}: empty"),
    "string_too_long": N_("{field}: longer than {max_length} characters"),
    "string_type": N_("{field}: not text"),
    "enum": _UNKNOWN_VALUE,
    "literal_error": _UNKNOWN_VALUE,
    "datetime_parsing": _NOT_A_TIME,
    "datetime_from_date_parsing": _NOT_A_TIME,
    "datetime_type": _NOT_A_TIME,
    "timezone_aware": N_("{field}: needs a timezone, e.g. +08:00"),
    "control_character": N_("{field}: contains the control character {code}"),
    "in_the_future": N_("{field}: is in the future ({when})"),
}


def _allowed(model: type[BaseModel], name: str) -> list[str]:
    """The values a field of enumerated values accepts, as the file must spell them."""
    annotation = model.model_fields[name].annotation if name in model.model_fields else None
    for option in (annotation, *get_args(annotation)):
        if isinstance(option, type) and issubclass(option, Enum):
            return [member.value for member in option]
        if get_origin(option) is Literal:
            return [str(value) for value in get_args(option)]
    return []


def _problem(item: dict, model: type[BaseModel]) -> Phrase:
    name = ".".join(str(p) for p in item["loc"]) or "record"
    template = _PROBLEMS.get(item["type"])
    if template is None:  # a check this table does not know: Pydantic's own (English) words
        return Phrase(N_("{field}: {problem}"), field=name, problem=item["msg"])
    values = {**item.get("ctx", {}), "input": repr(item.get("input")), "expected": _allowed(model, name)}
    return Phrase(template, field=name, **{k: v for k, v in values.items() if "{" + k + "}" in template})


def _explain(error: ValidationError, model: type[BaseModel]) -> Phrase:
    """A record's problems, one per bad field, joined."""
    return _joined([_problem(item, model) for item in error.errors()])


def _joined(problems: list[Phrase]) -> Phrase:
    head, *tail = problems
    return Phrase(N_("{first}; {rest}"), first=head, rest=_joined(tail)) if tail else head


def validate_records(text: str, *, kind: Kind, fmt: str) -> tuple[list[tuple[int, BaseModel]], list[tuple[int, str]]]:
    """Every record validated: the good ones with their line numbers, and (line, problem) for the bad."""
    model = {"streams": StreamRecord, "reports": ReportRecord, "appeals": AppealRecord}[kind]
    records, problems, seen = [], [], {}
    rows = list(_rows(text, fmt))
    if not rows:
        return [], [(0, Phrase(N_("the file holds no records (empty, or a header line only)")))]
    for number, row, problem in rows:
        if problem:
            problems.append((number, problem))
            continue
        try:
            record = model.model_validate(row)
        except ValidationError as error:
            problems.append((number, _explain(error, model)))
            continue
        if record.external_id in seen:
            problems.append((number, Phrase(N_("duplicate external_id {id} (first on line {line})"),
                                            id=repr(record.external_id), line=seen[record.external_id])))
            continue
        seen[record.external_id] = number
        records.append((number, record))
    return records, problems


def parse_records(text: str, *, kind: Kind, fmt: str) -> list[tuple[int, BaseModel]]:
    """Validate every record; raise ImportRejected listing each bad line, or return them all."""
    records, problems = validate_records(text, kind=kind, fmt=fmt)
    if problems:
        raise ImportRejected(problems, source=kind)
    return records


def detect_format(name: str, text: str) -> str:
    """'jsonl' or 'csv' from the file name, falling back to the first character."""
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith(".csv"):
        return "csv"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def decode(data: bytes, *, settings: Settings) -> str:
    """UTF-8 text of an uploaded file, refusing oversized or undecodable input."""
    if len(data) > settings.max_upload_mb * 1024 * 1024:
        raise InvalidInput("File is {size:.1f} MB; the limit is {limit} MB (CONSOLE_MAX_UPLOAD_MB).",
                           size=len(data) / 1e6,
                           limit=settings.max_upload_mb)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput("File is not UTF-8 text (byte {start}).", start=error.start) from None


def _existing(session: Session, model: type, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(session.scalars(select(model.external_id).where(model.external_id.in_(chunk))))
    return found


def import_streams(session: Session, *, actor: Actor, text: str, fmt: str) -> ImportSummary:
    """Create streams (and their owners) from a file; existing external ids are skipped."""
    require(actor, Action.IMPORT_DATA)
    records = [r for _, r in parse_records(text, kind="streams", fmt=fmt)]
    summary = ImportSummary(kind="streams")
    existing = _existing(session, Stream, [r.external_id for r in records])
    owners = {o.external_id: o for o in session.scalars(
        select(Owner).where(Owner.external_id.in_({r.owner_external_id for r in records})))}
    for record in records:
        if record.external_id in existing:
            summary.skipped_existing.append(record.external_id)
            continue
        owner = owners.get(record.owner_external_id)
        if owner is None:
            owner = Owner(external_id=record.owner_external_id, name=record.owner_name, kind=record.owner_kind,
                          language=record.owner_language)
            owners[owner.external_id] = owner
            session.add(owner)
        stream = Stream(external_id=record.external_id, owner=owner, title=record.title,
                        category=record.category, place_type=record.place_type, visibility=record.visibility,
                        state=record.state, source_uri=record.source_uri, **compliance_defaults(record.category))
        session.add(stream)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.STREAM_IMPORT, entity_type="stream",
                     entity_id=stream.id, after=snapshot(stream) | {"external_id": stream.external_id})
        summary.created += 1
    return summary


def import_reports(session: Session, *, actor: Actor, text: str, fmt: str, settings: Settings) -> ImportSummary:
    """Create reports from a file with priority and SLA deadline; existing external ids are skipped."""
    require(actor, Action.IMPORT_DATA)
    numbered = parse_records(text, kind="reports", fmt=fmt)
    streams = dict(session.execute(select(Stream.external_id, Stream.id).where(
        Stream.external_id.in_({r.stream_external_id for _, r in numbered}))).all())
    missing = [(n, f"stream_external_id: unknown stream {r.stream_external_id!r}")
               for n, r in numbered if r.stream_external_id not in streams]
    if missing:
        raise ImportRejected(missing, source=N_("reports"))
    summary = ImportSummary(kind="reports")
    existing = _existing(session, Report, [r.external_id for _, r in numbered])
    for _, record in numbered:
        if record.external_id in existing:
            summary.skipped_existing.append(record.external_id)
            continue
        report = new_report(session, record=record, stream_id=streams[record.stream_external_id], settings=settings)
        audit.record(session, actor=actor, action=AuditAction.REPORT_IMPORT, entity_type="report", entity_id=report.id,
                     after={"external_id": report.external_id, "priority": report.priority,
                            "sla_due_at": report.sla_due_at, "reason": report.reason.value})
        summary.created += 1
    return summary


def new_report(session: Session, *, record: ReportRecord, stream_id: int, settings: Settings) -> Report:
    """A new open report with its priority (raised by earlier open reports on the stream) and SLA deadline."""
    earlier = session.scalar(select(func.count(Report.id)).where(
        Report.stream_id == stream_id, Report.status != ReportStatus.CLOSED)) or 0
    priority = priority_for(record.reason, earlier_open_reports=earlier)
    report = Report(external_id=record.external_id, stream_id=stream_id, reason=record.reason, text=record.text,
                    received_at=record.received_at, priority=priority,
                    sla_due_at=sla_deadline(record.received_at, priority, settings), status=ReportStatus.OPEN)
    session.add(report)
    session.flush()
    return report
