"""What stops a stream from going (back) live, as the policy says."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import MERCHANT_CATEGORIES, WELFARE_CATEGORIES, Category, StickerStatus, WelfareCertification
from dashboard.db.models import CampusShare, Stream
from dashboard.errors import Conflict


def live_blockers(session: Session, stream: Stream, *, today: date | None = None) -> list[str]:
    """Reasons the stream may not be live; empty when it may."""
    blockers = []
    if stream.category in MERCHANT_CATEGORIES and stream.sticker_status != StickerStatus.VERIFIED:
        blockers.append("a merchant stream needs a verified, unrevoked consent sticker")
    if stream.category == Category.CAMPUS:
        share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream.id))
        if share is None or not share.password_hash:
            blockers.append("a campus stream needs a viewing password set by an authorised teacher")
    if stream.category in WELFARE_CATEGORIES:
        due = stream.welfare_certified_until
        if stream.welfare_certification != WelfareCertification.CERTIFIED or (due and due < (today or date.today())):
            blockers.append("a welfare stream needs a current certification")
    return blockers


def require_may_go_live(session: Session, stream: Stream) -> None:
    """Raise Conflict naming every blocker."""
    if blockers := live_blockers(session, stream):
        raise Conflict(f"Stream {stream.id} cannot go live: " + "; ".join(blockers) + ".")
