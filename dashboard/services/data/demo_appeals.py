"""The demo's owner notices and appeals: every demo takedown told to its owner (delivered), and a few appeals,
some open for the demo lead, some upheld and some overturned by the admin, so the pages show their figures."""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from dashboard.db.models import Appeal, OwnerNotice, Takedown, User
from dashboard.enums import (
    AppealStatus, DeliveryState, NoticeKind, StreamState, TakedownReason, TakedownSource,
)
from dashboard.services.streams import lifecycle
from dashboard.services.streams.notices import APPEAL_WINDOW, TAKEDOWN_SOURCE, Decided, notice_row

REVERSIBLE = {TakedownReason.PRIVACY, TakedownReason.INDECENT, TakedownReason.MINORS}
APPEALS = ["只是我家门口，没有拍到路人。", "摄像头对着的是后院，不是街道。", "店里已经贴了告知贴纸，请复核。",
           "画面里只有我的家人。", "我们是生态农场，镜头里只有果树。"]


def demo_notices(rng: random.Random, takedowns: list[Takedown], users: dict[str, User], now: datetime,
                 *, appeal_share: float = 0.25) -> list[object]:
    """A delivered notice per takedown, and appeals on a few of them; the rows to add (after a flush)."""
    rows: list[object] = []
    for takedown in takedowns:
        notice = _notice(takedown)
        rows.append(notice)
        if rng.random() < appeal_share and now - takedown.created_at < APPEAL_WINDOW:
            rows += _appeal(rng, notice, takedown, users, now)
    return rows


def _notice(takedown: Takedown) -> OwnerNotice:
    """The takedown's notice as it was written then, and delivered a moment later."""
    decided = Decided(NoticeKind.TAKE_DOWN, takedown.reason.value, TAKEDOWN_SOURCE[takedown.source],
                      "ssdlite" if takedown.source == TakedownSource.SCAN_FLAG else None, {"demo": True})
    row = notice_row(owner_id=takedown.stream.owner_id, stream_id=takedown.stream_id, language=None,
                     decided=decided, automated=False, decided_by_id=takedown.actor_id, at=takedown.created_at)
    return OwnerNotice(**row | {"delivery_state": DeliveryState.DELIVERED, "attempts": 1,
                                "delivered_at": takedown.created_at + timedelta(seconds=3)})


def _appeal(rng: random.Random, notice: OwnerNotice, takedown: Takedown, users: dict[str, User],
            now: datetime) -> list[object]:
    received = min(now - timedelta(hours=1), takedown.created_at + timedelta(hours=rng.uniform(2, 96)))
    appeal = Appeal(external_id=f"demo-appeal-{uuid.UUID(int=rng.getrandbits(128)).hex[:10]}", notice=notice,
                    text=rng.choice(APPEALS), received_at=received, sla_due_at=received + timedelta(hours=72),
                    status=AppealStatus.OPEN)
    roll = rng.random()
    if roll < 0.4 or notice.decided_by_id == users["ada"].id:
        return [appeal]  # open: the demo lead (lena) may take it unless she made the decision
    decided_at = min(now, received + timedelta(hours=rng.uniform(1, 90)))
    appeal.decided_by_id, appeal.decided_at = users["ada"].id, decided_at
    # Overturned only where going live again breaks no other rule: a viewer's report on a home or hobby stream.
    reversible = takedown.source == TakedownSource.REPORT and takedown.reason in REVERSIBLE
    appeal.status = AppealStatus.OVERTURNED if roll > 0.75 and reversible else AppealStatus.UPHELD
    appeal.decision_note = "演示数据：复核结果"
    if appeal.status == AppealStatus.OVERTURNED:
        stream = takedown.stream
        takedown.restored_at, takedown.restored_by_id, takedown.restore_reason = decided_at, users["ada"].id, "申诉成立"
        lifecycle.seeded(stream, state=StreamState.LIVE, visibility=takedown.previous_visibility)
    return [appeal]
