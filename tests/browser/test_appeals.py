"""One appeal in a real browser, from the owner's file to the overturn: an admin takes a stream down, the owner's
appeal comes in through the CLI's intake, a compliance lead claims and overturns it on the Appeals page."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select, update

from dashboard.clock import utcnow
from dashboard.db.models import Appeal, OwnerNotice, Stream, User
from dashboard.db.session import make_engine, unit_of_work
from dashboard.enums import AppealStatus, Category, NoticeKind, StreamState, TakedownReason, TakedownSource, Visibility
from dashboard.services.streams.moderation import take_down
from tests.browser.helpers import settle, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _taken_down_by_admin(console) -> tuple[str, str]:
    """A live public non-merchant stream taken down by the admin; its external id and the notice's public id."""
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        admin = session.scalar(select(User).where(User.username == "ada"))
        stream = session.scalars(select(Stream).where(
            Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
            Stream.category.in_([Category.PET, Category.SCENERY, Category.CRAFT, Category.OTHER]))).first()
        take_down(session, actor=admin, stream_id=stream.id, reason=TakedownReason.PRIVACY,
                          source=TakedownSource.POLICY_SWEEP, note="privacy sweep (browser test)")
        session.flush()
        notice = session.scalars(select(OwnerNotice).where(OwnerNotice.stream_id == stream.id)
                                 .order_by(OwnerNotice.id.desc())).first()
        found = stream.external_id, notice.public_id
    engine.dispose()
    return found


def _import(console, tmp_path: Path, notice_id: str) -> None:
    appeal_file = tmp_path / "appeals-owner.csv"
    appeal_file.write_text("external_id,notice_id,text,received_at\n"
                           f"browser-appeal-1,{notice_id},只拍到我家的猫，没有拍到任何人,{utcnow().isoformat()}\n",
                           encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")}, "CONSOLE_DEMO_MODE": "true",
           "CONSOLE_DATA_DIR": str(tmp_path / "var"), "CONSOLE_DATABASE_URL": f"sqlite:///{console.db_path}"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "--lang", "en", "import-appeals", str(appeal_file)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 appeal(s) taken in" in done.stdout, done.stdout + done.stderr
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:  # due first, before the demo's own open appeals
        session.execute(update(Appeal).where(Appeal.external_id == "browser-appeal-1").values(
            sla_due_at=utcnow() - timedelta(days=30)))
    engine.dispose()


def test_an_appeal_from_intake_to_overturn(console, page, tmp_path):
    stream_id, notice_id = _taken_down_by_admin(console)
    _import(console, tmp_path, notice_id)
    sign_in(page, console.url, "lena")
    page.goto(f"{console.url}/appeals")
    settle(page)
    page.get_by_role("button", name="Claim the next appeal").click()
    settle(page)
    expect(page.get_by_text("Appeal browser-appeal-1")).to_be_visible()
    expect(page.get_by_text("只拍到我家的猫")).to_be_visible()
    page.get_by_label("Why (the owner is told the outcome; this note stays in the console)").fill(
        "The frames show a cat on a sofa, nobody else.")
    page.get_by_role("button", name="Overturn: reverse the decision").click()
    settle(page)
    expect(page.get_by_text("Appeal browser-appeal-1 overturned")).to_be_visible()
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        appeal = session.scalar(select(Appeal).where(Appeal.external_id == "browser-appeal-1"))
        stream = session.scalar(select(Stream).where(Stream.external_id == stream_id))
        told = session.scalars(select(OwnerNotice.kind).where(OwnerNotice.stream_id == stream.id)).all()
        assert appeal.status == AppealStatus.OVERTURNED and appeal.decided_by.username == "lena"
        assert (stream.state, stream.visibility) == (StreamState.LIVE, Visibility.PUBLIC)
        assert NoticeKind.APPEAL_OVERTURNED in told
    engine.dispose()
