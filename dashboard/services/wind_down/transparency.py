"""The monthly transparency report: decisions by ground and source, automated or by a person, how fast reports
were decided, and what appeals changed (a CSV and a one-page bilingual PDF, for the CLI and the manager page)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.db.models import Appeal, OwnerNotice, Report
from dashboard.enums import AppealStatus, NoticeKind
from dashboard.errors import InvalidInput
from dashboard.i18n import translate, words
from dashboard.messages import N_
from dashboard.services.tables.dataframes import query_frame
from dashboard.services.streams.notices import BEIJING
from dashboard.languages import CODES as LANGUAGES, pdf_fonts

OUTCOMES = (NoticeKind.APPEAL_UPHELD, NoticeKind.APPEAL_OVERTURNED)


@dataclass(frozen=True)
class Transparency:
    """One month's figures."""

    month: str
    decisions: pd.DataFrame  # ground, source, automated, decisions
    reports_decided: int
    median_minutes_to_decision: float | None
    appeals: pd.DataFrame  # source, received, decided, overturned

    @property
    def automated_share(self) -> float | None:
        """Share of the month's decisions the scanner made on its own."""
        total = int(self.decisions["decisions"].sum()) if len(self.decisions) else 0
        automated = int(self.decisions.loc[self.decisions["automated"], "decisions"].sum()) if total else 0
        return automated / total if total else None


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The month 'YYYY-MM' as Beijing days, in UTC: [first day 00:00, next month's first day 00:00)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month or ""):
        raise InvalidInput("A month is written YYYY-MM, e.g. 2026-11 (not {month}).", month=month)
    year, number = map(int, month.split("-"))
    start = datetime(year, number, 1, tzinfo=BEIJING)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=BEIJING)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def recent_months(count: int, *, now: datetime | None = None) -> list[str]:
    """The last `count` months (Beijing time), this one first, as 'YYYY-MM'."""
    today = (now or datetime.now(timezone.utc)).astimezone(BEIJING)
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, index - count, -1)]


def transparency(session: Session, *, month: str) -> Transparency:
    """The figures of one month (Beijing time)."""
    since, until = month_bounds(month)
    decisions = query_frame(session, select(
        OwnerNotice.ground.label("ground"), OwnerNotice.source.label("source"),
        OwnerNotice.automated.label("automated"), func.count().label("decisions"))
        .where(OwnerNotice.created_at >= since, OwnerNotice.created_at < until, OwnerNotice.kind.not_in(OUTCOMES))
        .group_by(OwnerNotice.ground, OwnerNotice.source, OwnerNotice.automated)
        .order_by(func.count().desc()))
    spans = session.execute(select(Report.received_at, Report.decided_at).where(
        Report.decided_at >= since, Report.decided_at < until)).all()
    minutes = pd.Series([(d - r).total_seconds() / 60 for r, d in spans], dtype=float)
    decided = Appeal.status != AppealStatus.OPEN
    appeals = query_frame(session, select(
        OwnerNotice.source.label("source"), func.count(Appeal.id).label("received"),
        func.count(case((decided, 1))).label("decided"),
        func.count(case((Appeal.status == AppealStatus.OVERTURNED, 1))).label("overturned"))
        .join(OwnerNotice, OwnerNotice.id == Appeal.notice_id)
        .where(Appeal.received_at >= since, Appeal.received_at < until).group_by(OwnerNotice.source))
    return Transparency(month, decisions, len(minutes), round(float(minutes.median()), 1) if len(minutes) else None,
                        appeals)


def transparency_csv(report: Transparency) -> str:
    """One table: section, ground, source, automated and the figure."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["month", "section", "ground", "source", "automated", "figure", "value"])
    for row in report.decisions.itertuples():
        writer.writerow([report.month, "decisions", row.ground, row.source, row.automated, "decisions", row.decisions])
    writer.writerow([report.month, "reports", "", "user_report", False, "decided", report.reports_decided])
    writer.writerow([report.month, "reports", "", "user_report", False, "median_minutes_to_decision",
                     "" if report.median_minutes_to_decision is None else report.median_minutes_to_decision])
    for row in report.appeals.itertuples():
        for figure in ("received", "decided", "overturned"):
            writer.writerow([report.month, "appeals", "", row.source, "", figure, getattr(row, figure)])
    return out.getvalue()


CODES = ("ground", "source")  # parameters that are codes, said in each language's words


def _both(message: str, /, **params: object) -> str:
    """The line in Chinese, then in English."""
    return " / ".join(translate(language, message, **{k: words(language, v) if k in CODES else v
                                                      for k, v in params.items()}) for language in LANGUAGES)


def transparency_pdf(report: Transparency) -> bytes:
    """One A4 page, every line in Chinese and English."""
    font, _ = pdf_fonts("zh_CN")  # every line is bilingual: a font with Chinese glyphs draws both
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 60
    pdf.setFont(font, 15)
    pdf.drawString(40, y, _both(N_("Transparency report {month}"), month=report.month))
    pdf.setFont(font, 9)
    share = report.automated_share
    lines = [_both(N_("Decisions told to owners: {count}; made automatically: {share}"),
                   count=int(report.decisions["decisions"].sum()) if len(report.decisions) else 0,
                   share="—" if share is None else f"{share:.0%}"),
             _both(N_("User reports decided: {count}; median time from report to decision: {minutes} min"),
                   count=report.reports_decided, minutes=report.median_minutes_to_decision or "—"), ""]
    lines += [_both(N_("{ground} · {source} · automated: {count}") if r.automated else
                    N_("{ground} · {source} · by a person: {count}"), ground=r.ground, source=r.source,
                    count=r.decisions) for r in report.decisions.itertuples()][:40]
    lines += [""] + [_both(N_("Appeals on {source}: received {received}, decided {decided}, overturned {overturned}"),
                           source=r.source, received=r.received, decided=r.decided,
                           overturned=r.overturned) for r in report.appeals.itertuples()]
    for line in lines:
        y -= 16
        pdf.drawString(40, y, line[:150])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
