"""Report intake from the platform's report button: files and a watched inbox; bad records are kept aside."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.enums import AuditAction
from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.db.models import IntakeRejection, Report, Stream
from dashboard.errors import ConsoleError
from dashboard.messages import N_, Phrase, restored, stored
from dashboard.services.access import audit
from dashboard.services.desk.reports import new_report
from dashboard.services.tables.records import decode, detect_format, validate_records
from dashboard.services.access.permissions import Action, Actor, require

INTAKE_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".json"}


@dataclass
class IntakeSummary:
    """What one intake did: created, already known (skipped), and rejected records with reasons."""

    source: str
    created: int = 0
    skipped_existing: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


TextIntake = Callable[..., IntakeSummary]  # (session, *, actor, text, fmt, source, settings) -> summary


def _reject(session: Session, *, source: str, lines: list[str], number: int, reason: str) -> None:
    raw = lines[number - 1] if 0 < number <= len(lines) else ""
    # Kept for the desk to read, so it must be storable: PostgreSQL text refuses NUL, which is shown escaped.
    session.add(IntakeRejection(source=source[:500].replace("\x00", "\\x00"), line_no=number,
                                raw=raw[:10_000].replace("\x00", "\\x00"), reason=reason,
                                reason_phrase=stored(reason)))


def reject_lines(session: Session, *, source: str, text: str, problems: list[tuple[int, str]]) -> None:
    """Keep each bad record's line with its reason, for the desk to read."""
    lines = text.splitlines()
    for number, reason in problems:
        _reject(session, source=source, lines=lines, number=number, reason=reason)


def intake_reports(session: Session, *, actor: Actor, text: str, fmt: str, source: str,
                   settings: Settings) -> IntakeSummary:
    """Keep every valid report (idempotent on its platform id); record each bad one with its reason."""
    require(actor, Action.IMPORT_DATA)
    records, problems = validate_records(text, kind="reports", fmt=fmt)
    streams = dict(session.execute(select(Stream.external_id, Stream.id).where(
        Stream.external_id.in_({r.stream_external_id for _, r in records}))).all())
    problems += [(n, Phrase(N_("unknown stream {id}"), id=repr(r.stream_external_id)))
                 for n, r in records if r.stream_external_id not in streams]
    bad_lines = {n for n, _ in problems}
    summary = IntakeSummary(source=source, rejected=sorted(problems))
    reject_lines(session, source=source, text=text, problems=summary.rejected)
    good = [r for n, r in records if n not in bad_lines]
    existing = set(session.scalars(select(Report.external_id).where(Report.external_id.in_([r.external_id for r in good]))))
    for record in good:
        if record.external_id in existing:
            summary.skipped_existing += 1
            continue
        report = new_report(session, record=record, stream_id=streams[record.stream_external_id], settings=settings)
        audit.record(session, actor=actor, action=AuditAction.REPORT_INTAKE, entity_type="report", entity_id=report.id,
                     after={"external_id": report.external_id, "priority": report.priority,
                            "sla_due_at": report.sla_due_at, "source": source})
        summary.created += 1
    return summary


def intake_file(session: Session, *, actor: Actor, path: Path, settings: Settings,
                take: TextIntake | None = None) -> IntakeSummary:
    """Intake one file (reports, unless `take` reads another kind of record from its text); an unreadable or
    oversized file is one rejection, not a crash."""
    try:
        text = decode(path.read_bytes(), settings=settings)
    except ConsoleError as error:
        return reject_file(session, source=path.name, reason=Phrase(error.message, **error.params))
    return (take or intake_reports)(session, actor=actor, text=text, fmt=detect_format(path.name, text),
                                    source=path.name, settings=settings)


def reject_file(session: Session, *, source: str, reason: str) -> IntakeSummary:
    """Set a whole file aside as one rejection (line 0) with the reason."""
    _reject(session, source=source, lines=[], number=0, reason=reason)
    return IntakeSummary(source=source, rejected=[(0, reason)])




def process_inbox(uow: Callable[[], AbstractContextManager[Session]], *, actor: Actor, inbox: Path,
                  settings: Settings, take: Callable[..., IntakeSummary] | None = None) -> list[IntakeSummary]:
    """Take in every file in the inbox (with `take`, reports by default), one transaction each, then move it to
    inbox/processed/."""
    take = take or intake_file
    done_dir = inbox / "processed"
    summaries = []
    for path in sorted(p for p in inbox.glob("*") if p.is_file() and p.suffix.lower() in INTAKE_SUFFIXES):
        try:
            with uow() as session:
                summaries.append(take(session, actor=actor, path=path, settings=settings))
        except SQLAlchemyError as error:  # one file the database refuses must not stop every later file
            with uow() as session:
                summaries.append(reject_file(session, source=path.name, reason=Phrase(
                    N_("the database refused the file ({error})"), error=type(error).__name__)))
        done_dir.mkdir(parents=True, exist_ok=True)
        # Moved only after the commit; a crash in between re-reads the file, which is idempotent.
        shutil.move(str(path), done_dir / f"{utcnow():%Y%m%dT%H%M%S}-{path.name}")
    return summaries


def recent_rejections(session: Session, *, limit: int = 100) -> list[IntakeRejection]:
    """The latest rejected intake records."""
    return list(session.scalars(select(IntakeRejection).order_by(IntakeRejection.id.desc()).limit(limit)))


def rejection_reason(row: IntakeRejection) -> str:
    """Why a record was set aside, as the Phrase it was written from where it was one (rows from before 0019 and
    plain texts: the stored English)."""
    return restored(row.reason_phrase) or row.reason
