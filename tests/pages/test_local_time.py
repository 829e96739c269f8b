"""Times on the report queue page are the wall clock in Asia/Shanghai (the default zone), named."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from dashboard.db.models import Report
from dashboard.enums import Role
from tests.pages.test_pages import _button, _scalar, _signed_in

BEIJING = ZoneInfo("Asia/Shanghai")


def test_the_claimed_reports_times_are_beijing_wall_clock(own_app_env, monkeypatch):
    monkeypatch.delenv("CONSOLE_TIMEZONE", raising=False)  # the deployment default
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "认领最紧急的举报").click().run()
    external_id = at.subheader[0].value.split(" ")[1]
    received = _scalar(own_app_env, select(Report.received_at).where(Report.external_id == external_id))
    wall = received.astimezone(BEIJING)
    expected = f"{wall.month}月{wall.day}日 {wall:%H:%M} UTC+8"
    assert any(f"接收于 {expected}" in m.value for m in at.markdown), [m.value for m in at.markdown][:5]
    oldest = next(m for m in at.metric if m.label == "最久等待")
    assert oldest.help and oldest.help.endswith("UTC+8")
