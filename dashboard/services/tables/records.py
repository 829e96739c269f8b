"""Report, stream and appeal files read record by record: CSV or JSON lines, UTF-8, each field checked, each
problem a catalogue phrase with its line number (the importers and the inbox decide what to do with them)."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal, get_args, get_origin

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from dashboard.clock import utcnow
from dashboard.messages import N_, Phrase
from dashboard.config import Settings
from dashboard.languages import CODES as LANGUAGES
from dashboard.enums import Category, OwnerKind, PlaceType, ReportReason, StreamState, Visibility
from dashboard.errors import ImportRejected, InvalidInput

Kind = Literal["streams", "reports", "appeals"]
KIND_WORDS = (N_("streams"), N_("reports"), N_("appeals"))  # what a rejected import names as its source


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


