"""What the manager page shows of retention: the rules in force, what is held, what was purged."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.db.models import IntakeRejection, Observation
from dashboard.services.retention.expiry import recent_purges
from dashboard.services.retention.holds import HoldRow, active_holds
from dashboard.messages import N_


@dataclass(frozen=True)
class RetentionView:
    """The retention section of the manager page."""

    rules: dict[str, int]
    holds: list[HoldRow]
    purges: pd.DataFrame  # one row per run: at, actor and its counts
    stored_frames: int
    stored_rejections: int


def retention_view(session: Session, *, settings: Settings) -> RetentionView:
    """The retention rules, active legal holds, the latest purge runs and what is stored now."""
    rules = {N_("evidence after the flag is closed"): settings.evidence_retention_days,
             N_("evidence of a standing takedown"): settings.takedown_evidence_retention_days,
             N_("rejected intake lines"): settings.rejected_intake_retention_days,
             N_("login sessions after they end"): settings.session_retention_days}
    runs = recent_purges(session)
    purges = pd.DataFrame([{"at": r.at, "by": r.actor, **r.counts} for r in runs],
                          columns=["at", "by", "evidence_frames", "scans", "intake_rejections", "login_sessions",
                                   "held_streams", "failed_files"])
    frames = session.scalar(select(func.count()).select_from(Observation).where(Observation.evidence_path.is_not(None)))
    rejections = session.scalar(select(func.count()).select_from(IntakeRejection))
    return RetentionView(rules, active_holds(session), purges, frames or 0, rejections or 0)
