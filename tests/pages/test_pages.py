"""AppTest: every page renders for a permitted role on demo data; forbidden roles are turned away."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.config import load_settings
from dashboard.enums import Role
from dashboard.db.session import make_engine, unit_of_work
from dashboard.services.access import auth
from dashboard.services.data.demo import DEMO_ACCOUNTS
from dashboard.ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
USER_FOR_ROLE = {role: (name, password) for name, _, role, password in reversed(DEMO_ACCOUNTS)}  # first wins


def _login(db_path: Path, username: str, password: str) -> auth.LoginAttempt:
    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        attempt = auth.attempt_login(session, username=username, password=password,
                                     settings=load_settings(demo_mode=True))
    engine.dispose()
    return attempt


def _token(db_path: Path, role: Role) -> str:
    attempt = _login(db_path, *USER_FOR_ROLE[role])
    attempt.raise_for_error()
    return attempt.token


def _signed_in(db_path: Path, role: Role, script: str = APP) -> AppTest:
    at = AppTest.from_file(script, default_timeout=60)
    at.session_state["auth_token"] = _token(db_path, role)
    return at


def test_signed_out_user_sees_login_and_can_sign_in(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Live-stream moderation console"]
    at.text_input(key="login_username").input("rita")
    at.text_input(key="login_password").input("review-desk-2026")
    at.button[0].click().run()
    assert not at.exception and at.session_state["auth_token"]
    assert at.title[0].value == "Report queue"


def test_wrong_password_shows_error_and_stays_on_login(app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_username").input("rita")
    at.text_input(key="login_password").input("not-the-password")
    at.button[0].click().run()
    assert "Unknown username or wrong password" in at.error[0].value
    assert "auth_token" not in at.session_state


PERMITTED = [(spec, role) for spec in PAGES for role in sorted(spec.roles, key=list(Role).index)]


@pytest.mark.parametrize(("spec", "role"), PERMITTED, ids=[f"{s.key}-{r.value}" for s, r in PERMITTED])
def test_page_renders_for_every_permitted_role(app_env, spec, role):
    at = _signed_in(app_env, role).run()
    at.switch_page(spec.path).run()
    assert not at.exception, at.exception
    assert at.title[0].value == spec.title
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize(("role", "key"), [
    (Role.REVIEWER, "users"), (Role.REVIEWER, "audit_log"), (Role.REVIEWER, "shutdown_readiness"),
    (Role.REVIEWER, "welfare_audits"), (Role.MANAGER, "report_queue"), (Role.COMPLIANCE_LEAD, "users"),
])
def test_forbidden_role_is_turned_away_by_the_page_itself(app_env, role, key):
    at = _signed_in(app_env, role, str(ROOT / "pages" / f"{key}.py")).run()
    assert not at.exception
    assert at.error and "Not allowed" in at.error[0].value
    assert not at.dataframe


@pytest.mark.parametrize("key", ["users", "audit_log", "shutdown_readiness"])
def test_reviewer_cannot_navigate_to_manager_or_admin_pages(app_env, key):
    at = _signed_in(app_env, Role.REVIEWER).run()
    assert not at.exception and at.title[0].value == "Report queue"
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered for a reviewer
        at.switch_page(f"pages/{key}.py")


def test_revoked_session_returns_to_login(app_env):
    at = _signed_in(app_env, Role.REVIEWER)
    engine = make_engine(f"sqlite:///{app_env}")
    with unit_of_work(engine) as session:
        auth.logout(session, token=at.session_state["auth_token"])
    engine.dispose()
    at.run()
    assert at.title[0].value == "Live-stream moderation console"
    assert "sign in again" in at.warning[0].value


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _live_public_stream(db_path: Path) -> str:
    from sqlalchemy import select

    from dashboard.enums import StreamState, Visibility
    from dashboard.db.models import Stream

    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        external_id = session.scalars(select(Stream.external_id).where(
            Stream.state == StreamState.LIVE, Stream.visibility == Visibility.PUBLIC,
            Stream.external_id.like("str-%")).order_by(Stream.id.desc())).first()
    engine.dispose()
    return external_id


def _stream_and_events(db_path: Path, external_id: str):
    from sqlalchemy import select

    from dashboard.db.models import AuditEvent, Stream

    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        stream = session.scalar(select(Stream).where(Stream.external_id == external_id))
        events = [(e.action, e.actor_name) for e in session.scalars(select(AuditEvent).where(
            AuditEvent.entity_type == "stream", AuditEvent.entity_id == str(stream.id)).order_by(AuditEvent.id))]
        state = stream.state.value
    engine.dispose()
    return state, events


def test_lead_takes_down_and_restores_a_stream_from_the_lookup_page(app_env):
    external_id = _live_public_stream(app_env)
    at = _signed_in(app_env, Role.COMPLIANCE_LEAD).run()
    at.switch_page("pages/streams.py").run()
    at.text_input[0].input(external_id).run()
    _button(at, "Take down").click().run()
    assert "reason is required" in at.error[0].value  # nothing happens without a reason
    assert _stream_and_events(app_env, external_id)[0] == "live"
    at.text_input[1].input("crowd of shoppers in view").run()
    _button(at, "Take down").click().run()
    assert not at.exception and not at.error
    assert _stream_and_events(app_env, external_id) == ("taken_down", [("stream.take_down", "lena")])
    at.text_input[1].input("scan misread; owner's yard").run()
    _button(at, "Restore (undo takedown)").click().run()
    state, events = _stream_and_events(app_env, external_id)
    assert state == "live" and events[-1] == ("stream.restore", "lena")


def test_admin_creates_a_user_and_bad_password_is_explained(app_env):
    at = _signed_in(app_env, Role.ADMIN).run()
    at.switch_page("pages/users.py").run()
    at.text_input[0].input("nina")
    at.text_input[1].input("Nina Night")
    at.text_input[2].input("short")
    _button(at, "Create").click().run()
    assert "at least 10 characters" in at.error[0].value
    at.text_input[0].input("nina")
    at.text_input[2].input("night-desk-2026")
    _button(at, "Create").click().run()
    assert not at.error and "Created nina." in at.success[0].value


def _scalar(db_path: Path, query):
    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        value = session.scalar(query)
    engine.dispose()
    return value


def test_reviewer_confirms_a_flag_with_a_reason(app_env):
    from sqlalchemy import select

    from dashboard.db.models import Flag

    at = _signed_in(app_env, Role.REVIEWER).run()
    at.switch_page("pages/scan_flags.py").run()
    flag_id = at.selectbox[0].value
    _button(at, "Confirm — take the stream down").click().run()
    assert "reason is required" in at.error[0].value
    at.text_input(key="flag_reason").input("shoppers' faces in view").run()
    _button(at, "Confirm — take the stream down").click().run()
    assert not at.exception
    flag = _scalar(app_env, select(Flag).where(Flag.id == flag_id))
    assert flag.status.value == "confirmed" and flag.resolution_reason == "shoppers' faces in view"


def test_scan_now_shows_progress_and_records_the_scan(app_env, monkeypatch, tmp_path):
    from sqlalchemy import func, select

    from dashboard.db.models import Scan, Stream

    monkeypatch.setenv("CONSOLE_YOLO_WEIGHTS", str(tmp_path / "missing.pt"))
    stream_id = _scalar(app_env, select(Stream.id).where(Stream.external_id == "sample-3"))
    at = _signed_in(app_env, Role.REVIEWER).run()
    at.switch_page("pages/scan_flags.py").run()
    assert _button(at, "Start scan").disabled  # nothing is chosen until a stream is searched for by what people see
    at.text_input(key="scan_now_search").input("sample-3").run()
    assert at.selectbox(key="scan_now_pick").value["id"] == stream_id
    _button(at, "Start scan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.status[0].state == "complete" and "recorded" in at.status[0].label
    assert _scalar(app_env, select(func.count(Scan.id)).where(Scan.stream_id == stream_id)) == 1


def test_queue_claim_decide_next(own_app_env):
    from dashboard.db.models import Report

    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "Claim the most urgent report").click().run()
    first_id = at.session_state["desk_current_reports"]
    assert at.subheader[0].value.startswith("Report rep-")
    assert _button(at, "Record decision").disabled  # no decision is preselected
    _button(at, "Dismiss").click().run()
    _button(at, "Record decision").click().run()
    assert "A reason is required" in at.error[0].value
    at.text_area(key=f"note_{first_id}").input("no bystanders visible in the clip")
    _button(at, "Record decision").click().run()
    assert not at.exception and "dismiss" in at.success[0].value
    engine = make_engine(f"sqlite:///{own_app_env}")
    with unit_of_work(engine) as session:
        decided = session.get(Report, first_id)
        assert decided.status.value == "closed" and decided.decision.value == "dismiss"
        assert decided.decided_by.username == "rita" and decided.decision_reason == "no bystanders visible in the clip"
    engine.dispose()
    _button(at, "Claim the most urgent report").click().run()
    assert not at.exception, at.exception
    assert at.session_state["desk_current_reports"] != first_id


def test_a_preset_reason_and_a_note_make_the_recorded_reason(own_app_env):
    from dashboard.db.models import Report

    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "Claim the most urgent report").click().run()
    report_id = at.session_state["desk_current_reports"]
    _button(at, "Escalate to a compliance lead").click().run()
    at.selectbox(key=f"preset_{report_id}_escalate").select("Unclear consent: needs a lead").run()
    at.text_area(key=f"note_{report_id}").input("owner says staff only")
    _button(at, "Record decision").click().run()
    assert not at.exception and not at.error
    engine = make_engine(f"sqlite:///{own_app_env}")
    with unit_of_work(engine) as session:
        report = session.get(Report, report_id)
        assert report.status.value == "escalated"
        assert report.escalation_reason == "Unclear consent: needs a lead — owner says staff only"
    engine.dispose()


def test_a_reload_reopens_the_claimed_report(own_app_env):
    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "Claim the most urgent report").click().run()
    heading = at.subheader[0].value
    reloaded = AppTest.from_file(APP, default_timeout=60)  # a new connection: nothing in session state
    reloaded.session_state["auth_token"] = at.session_state["auth_token"]
    reloaded.run()
    assert not reloaded.exception and reloaded.subheader[0].value == heading
    assert [b for b in reloaded.button if b.label == "Record decision"]


def test_an_expired_claim_keeps_the_typed_reason(own_app_env):
    from sqlalchemy import update

    from dashboard.db.models import Report

    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "Claim the most urgent report").click().run()
    report_id = at.session_state["desk_current_reports"]
    _button(at, "Take the stream down").click().run()
    at.text_area(key=f"note_{report_id}").input("three shoppers' faces at the till").run()
    engine = make_engine(f"sqlite:///{own_app_env}")
    with unit_of_work(engine) as session:  # the lease runs out while she types
        session.execute(update(Report).where(Report.id == report_id).values(
            lease_expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    engine.dispose()
    at.run()
    assert "no longer hold report" in at.warning[0].value and "reason are kept" in at.warning[0].value
    _button(at, "Claim it again").click().run()
    assert not at.exception
    assert at.text_area(key=f"note_{report_id}").value == "three shoppers' faces at the till"
    assert _button(at, "Take the stream down").proto.type == "primary"


def _goto(db_path: Path, role: Role, key: str) -> AppTest:
    at = _signed_in(db_path, role).run()
    at.switch_page(f"pages/{key}.py").run()
    assert not at.exception, at.exception
    return at


def test_teacher_sets_a_viewing_password_for_her_school_only(app_env):
    from sqlalchemy import select

    from dashboard.db.models import AuditEvent, CampusShare

    at = _goto(app_env, Role.TEACHER, "campus_streams")
    stream_id = at.selectbox[0].value
    at.text_input(key="campus_pw").input("short")
    _button(at, "Set password").click().run()
    assert "at least 10 characters" in at.error[0].value
    at.text_input(key="campus_pw").input("class-4a-parents-only")
    _button(at, "Set password").click().run()
    assert not at.error and "Password set" in at.success[-1].value
    share = _scalar(app_env, select(CampusShare).where(CampusShare.stream_id == stream_id))
    assert share.password_hash.startswith("$argon2")
    event = _scalar(app_env, select(AuditEvent).where(AuditEvent.action == "campus.set_password")
                    .order_by(AuditEvent.id.desc()))
    assert "class-4a" not in str(event.after) and event.actor_name == "tara"


def test_lead_issues_a_printable_sticker_after_confirming(own_app_env):
    at = _goto(own_app_env, Role.COMPLIANCE_LEAD, "consent_stickers")
    assert not [b for b in at.button if b.label == "Revoke sticker"]  # no sticker yet: nothing to revoke (was a crash)
    _button(at, "Issue a new sticker").click().run()
    assert not at.exception and "sticker_print" not in at.session_state  # nothing happens before the confirmation
    _button(at, "Issue").click().run()
    assert not at.exception and not at.error and "New sticker issued" in at.success[0].value
    link, _ = at.session_state["sticker_print"]
    assert link.startswith("https://live.example.cn/notice?t=CS1")
    # Still showing 'missing': the stream just given a sticker stays selected, so it can be revoked at once.
    assert at.selectbox[0].value["sticker"] == "issued"
    assert _button(at, "Issue a new sticker (revokes the current one)")
    at.text_input(key="revoke_reason").input("merchant closed the shop").run()
    _button(at, "Revoke sticker").click().run()
    assert not at.exception and "revoked" in at.success[0].value


def test_lead_certifies_a_welfare_stream_only_after_a_clean_scan(own_app_env):
    from sqlalchemy import select

    from dashboard.db.models import Stream
    from dashboard.enums import Verdict
    from tests.factories import make_scan

    at = _goto(own_app_env, Role.COMPLIANCE_LEAD, "welfare_audits")
    stream_id = at.selectbox[0].value
    at.radio[0].set_value("certify")
    at.text_area[0].input("genuine co-op harvest stream, nobody passing through")
    _button(at, "Record decision").click().run()
    assert "never been scanned" in at.error[0].value  # the page said to scan first; now the rule holds too
    engine = make_engine(f"sqlite:///{own_app_env}")
    with unit_of_work(engine) as session:
        make_scan(session, stream=session.get(Stream, stream_id), verdict=Verdict.CLEAR, people_peak=0)
    engine.dispose()
    at.run()
    at.radio[0].set_value("certify")
    at.text_area[0].input("genuine co-op harvest stream, nobody passing through")
    _button(at, "Record decision").click().run()
    assert not at.exception and not at.error and "Certify recorded" in at.success[0].value
    stream = _scalar(own_app_env, select(Stream).where(Stream.id == stream_id))
    assert stream.welfare_certification.value == "certified" and stream.welfare_certified_until is not None


def test_two_managers_shut_the_platform_down(own_app_env):
    from sqlalchemy import func, select

    from dashboard.enums import StreamState
    from dashboard.db.models import Stream

    at = _goto(own_app_env, Role.MANAGER, "shutdown_readiness")
    _button(at, "Request full shutdown").click().run()
    assert "not green" in at.error[0].value  # the demo platform is mid-wind-down
    at.text_input(key="override").input("board decision: switch off before the holiday")
    _button(at, "Request full shutdown").click().run()
    assert not at.error and "A second manager must confirm" in at.warning[-1].value
    assert not [b for b in at.button if b.label.startswith("Confirm")]  # the requester cannot confirm
    admin = _goto(own_app_env, Role.ADMIN, "shutdown_readiness")
    _button(admin, "Confirm: shut down every live stream now").click().run()
    assert not admin.exception and "Live broadcasting is shut down" in admin.success[0].value
    assert _scalar(own_app_env, select(func.count(Stream.id)).where(Stream.state == StreamState.LIVE)) == 0


def _password_form_alone():
    from dashboard.ui.auth import password_form

    password_form()


def _change_password(db_path: Path, *, new: str, again: str) -> AppTest:
    """Submit the sidebar form on its own (AppTest drops sidebar elements on reruns under st.navigation)."""
    at = AppTest.from_function(_password_form_alone, default_timeout=60)
    at.session_state["auth_token"] = _token(db_path, Role.REVIEWER)
    at.run()
    at.text_input(key="pw_current").input(USER_FOR_ROLE[Role.REVIEWER][1])
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_again").input(again)
    return _button(at, "Change password").click().run()


def test_reviewer_changes_her_own_password(own_app_env):
    at = _change_password(own_app_env, new="owl-shift-2027", again="owl-shift-2027")
    assert not at.exception and "Password changed" in at.success[0].value
    username, old = USER_FOR_ROLE[Role.REVIEWER]
    assert _login(own_app_env, username, "owl-shift-2027").error is None
    assert _login(own_app_env, username, old).error is not None


def test_mismatched_new_passwords_change_nothing(own_app_env):
    at = _change_password(own_app_env, new="owl-shift-2027", again="owl-shift-2028")
    assert "differ" in at.error[0].value and not at.success
    assert _login(own_app_env, *USER_FOR_ROLE[Role.REVIEWER]).error is None


def test_reporter_text_is_shown_as_text_not_markdown(app_env):
    from sqlalchemy import update

    from dashboard.db.models import Report

    engine = make_engine(f"sqlite:///{app_env}")
    with unit_of_work(engine) as session:  # every open report carries the hostile text, whichever is claimed
        session.execute(update(Report).where(Report.status == "open")
                        .values(text="[claim your prize](http://evil.example) ![](http://evil.example/p.png)"))
    engine.dispose()
    at = _signed_in(app_env, Role.REVIEWER).run()
    _button(at, "Claim the most urgent report").click().run()
    [shown] = [box.value for box in at.info if "evil" in box.value]
    assert shown.startswith(r"\[claim your prize\]\(http\:\/\/evil\.example\)") and r"\!\[\]" in shown


def test_a_database_error_in_a_page_shows_a_reference_not_a_traceback(own_app_env):
    import sqlite3

    at = _signed_in(own_app_env, Role.REVIEWER).run()
    assert not at.exception and at.title[0].value == "Report queue"
    with sqlite3.connect(own_app_env) as raw:  # the page's table disappears under it (a broken restore, say)
        raw.execute("DROP TABLE handover_notes")
    at.run()
    assert not at.exception
    (shown,) = [e.value for e in at.error]
    assert "Database" in shown and "Reference" in shown
    assert "Traceback" not in shown and "handover_notes" not in shown and ".py" not in shown


def test_an_unreachable_database_signs_nobody_in_and_shows_a_reference(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{tmp_path}/no-such-dir/console.sqlite3")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth_token"] = "a-token-from-before-the-outage"
    at.run()
    assert not at.exception
    assert "Database unavailable" in at.error[0].value and "Reference" in at.error[0].value


def test_lead_places_a_legal_hold_and_prepares_a_case_file(own_app_env):
    external_id = _live_public_stream(own_app_env)
    at = _signed_in(own_app_env, Role.COMPLIANCE_LEAD).run()
    at.switch_page("pages/streams.py").run()
    at.text_input[0].input(external_id).run()
    _button(at, "Place legal hold").click().run()
    assert "reason is required" in at.error[0].value
    next(t for t in at.text_input if t.label == "Request or case (required)").input("police request 2026-041").run()
    _button(at, "Place legal hold").click().run()
    assert not at.exception and "Legal hold placed" in at.success[0].value
    assert _button(at, "Place legal hold").disabled
    assert any("on hold" in m.value and "police request 2026" in m.value for m in at.markdown)
    _button(at, "Prepare case file (zip)").click().run()
    assert not at.exception and not at.error
    assert _stream_and_events(own_app_env, external_id)[1][-2:] == [("legal_hold.place", "lena"),
                                                                     ("case_file.export", "lena")]
    manager = _goto(own_app_env, Role.MANAGER, "shutdown_readiness")
    assert not manager.exception
    assert any(external_id in str(df.value.to_dict()) for df in manager.dataframe)
    assert any(m.label == "Streams on legal hold" and m.value == "1" for m in manager.metric)


def test_prepare_png_on_a_readiness_chart_offers_the_download(app_env):
    at = _goto(app_env, Role.MANAGER, "shutdown_readiness")
    next(b for b in at.button if b.label == "Prepare PNG" and b.key == "png_burn_down").click().run()
    assert not at.exception  # was StreamlitWidgetAlreadyInstantiatedError, and the rest of the page vanished
    assert at.session_state["png_data_burn_down"][:8] == b"\x89PNG\r\n\x1a\n"
    assert any(t.label == "Data retention" for t in at.tabs)  # the page rendered to its end


def test_undo_names_the_report_people_see_and_asks_first(own_app_env):
    from sqlalchemy import select

    from dashboard.db.models import Report

    at = _goto(own_app_env, Role.COMPLIANCE_LEAD, "escalations")
    picker = next(s for s in at.selectbox if s.label.startswith("Decided report"))
    assert picker.value is None and picker.options[0].startswith("rep-")  # the visible id, never a row number
    picker.select_index(0).run()
    chosen = next(s for s in at.selectbox if s.label.startswith("Decided report")).value
    at.text_input(key="undo_reason").input("decided on the wrong stream").run()
    _button(at, "Undo decision").click().run()
    assert _scalar(own_app_env, select(Report.status).where(Report.id == chosen.id)).value == "closed"  # not yet
    _button(at, "Undo").click().run()
    assert not at.exception and f"Report {chosen.external_id} reopened." in at.success[0].value
    assert _scalar(own_app_env, select(Report.status).where(Report.id == chosen.id)).value == "open"


def test_the_audit_log_reads_as_names_and_changes(app_env):
    at = _goto(app_env, Role.ADMIN, "audit_log")
    frame = at.dataframe[0].value
    assert {"Entity", "Change"} <= set(frame.columns) and "Before" not in frame.columns
    streams = frame[frame["Entity"].str.startswith("stream ")]
    assert len(streams) and streams["Entity"].str.contains(" · ").all()  # 'stream str-000042 · Shop cam'


def _pick(at: AppTest, label: str, starts: str):
    box = next(s for s in at.selectbox if s.label == label)
    return box.select_index(next(i for i, o in enumerate(box.options) if o.startswith(starts)))


def test_admin_changes_a_role_and_deactivates_only_after_confirming(own_app_env):
    from sqlalchemy import select

    from dashboard.db.models import User

    at = _goto(own_app_env, Role.ADMIN, "users")
    assert next(s for s in at.selectbox if s.label == "User").value is None  # never the admin herself by default
    _pick(at, "User", "王夜班").run()
    _pick(at, "New role", "Compliance lead").run()
    next(t for t in at.text_input if t.label.startswith("Reason")).input("covers the lead's night shifts").run()
    _button(at, "Change role").click().run()
    assert not at.exception and "王夜班 is now compliance lead." in at.success[0].value
    _pick(at, "User", "王夜班").run()
    _button(at, "Deactivate").click().run()
    assert _scalar(own_app_env, select(User.active).where(User.username == "ravi"))  # asked, not done
    next(b for b in at.button if b.key == "yes_deactivate").click().run()
    assert "was deactivated and signed out" in at.success[0].value
    assert not _scalar(own_app_env, select(User.active).where(User.username == "ravi"))


def test_lead_sweeps_after_confirming_and_authorises_a_teacher(own_app_env):
    from sqlalchemy import func, select

    from dashboard.db.models import CampusTeacher, Stream
    from dashboard.enums import Category, StreamState, Visibility

    public = select(func.count(Stream.id)).where(Stream.category == Category.CAMPUS, Stream.state == StreamState.LIVE,
                                                 Stream.visibility == Visibility.PUBLIC)
    before = _scalar(own_app_env, public)
    at = _goto(own_app_env, Role.COMPLIANCE_LEAD, "campus_streams")
    assert before and f"{before} campus stream(s) are still public" in at.warning[0].value
    _button(at, "Make every public campus stream private").click().run()
    assert _scalar(own_app_env, public) == before and _button(at, f"Make {before} private")
    _button(at, f"Make {before} private").click().run()
    assert f"{before} stream(s) switched to private sharing." in at.success[0].value
    assert _scalar(own_app_env, public) == 0
    _pick(at, "Teacher", "唐老师").run()
    schools = next(s for s in at.selectbox if s.label == "School")
    schools.select_index(len(schools.options) - 1).run()  # the demo authorised her for the first school only
    _button(at, "Authorise").click().run()
    assert not at.exception and any("may now set viewing passwords" in m.value for m in at.success)
    assert _scalar(own_app_env, select(func.count(CampusTeacher.id))) >= 1


def test_stream_lookup_acts_on_nothing_before_a_search(app_env):
    at = _goto(app_env, Role.COMPLIANCE_LEAD, "streams")
    assert not [b for b in at.button if b.label in ("Take down", "Make private")]
    at.text_input[0].input("str-").run()  # many matches: still nothing chosen for her
    assert not [b for b in at.button if b.label == "Take down"] and "select one" in at.info[0].value


def test_a_stream_link_opens_the_stream(app_env):
    external_id = _live_public_stream(app_env)
    at = _signed_in(app_env, Role.REVIEWER)
    at.query_params["stream"] = external_id
    at.run()
    assert not at.exception and at.title[0].value == "Stream lookup"
    assert external_id.replace("-", "\\-") in at.subheader[0].value  # shown as plain text (escaped Markdown)


def _wellness_form_alone():
    from dashboard.ui.auth import current_viewer
    from dashboard.ui.evidence import wellness_form

    wellness_form(current_viewer())


def test_wellness_settings_are_kept_with_the_account(own_app_env):
    from sqlalchemy import select

    from dashboard.db.models import User

    at = AppTest.from_function(_wellness_form_alone, default_timeout=60)  # the sidebar on its own, as above
    at.session_state["auth_token"] = _token(own_app_env, Role.REVIEWER)
    at.run()
    at.toggle(key="wellness_grey").set_value(True)
    at.slider(key="wellness_blur").set_value(61)
    _button(at, "Save display settings").click().run()
    assert not at.exception
    user = _scalar(own_app_env, select(User).where(User.username == "rita"))
    assert user.evidence_grayscale and user.evidence_blur == 61
    assert at.toggle(key="wellness_grey").value and at.slider(key="wellness_blur").value == 61


@pytest.fixture
def zh_app_env(own_app_env, monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")  # the deployment's default
    return own_app_env


def test_the_sign_in_page_and_the_desk_speak_chinese(zh_app_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.title[0].value == "直播审核控制台"
    at = _signed_in(zh_app_env, Role.REVIEWER).run()
    assert not at.exception and at.title[0].value == "举报队列"
    assert [m.label for m in at.metric][:3] == ["待处理", "已超时", "处理中"]
    _button(at, "认领最紧急的举报").click().run()
    assert at.subheader[0].value.startswith("举报 rep-") and "优先级" in at.subheader[0].value


def test_switching_language_keeps_the_claimed_report_and_the_typed_note(zh_app_env):
    at = _signed_in(zh_app_env, Role.REVIEWER).run()
    _button(at, "认领最紧急的举报").click().run()
    report_id = at.session_state["desk_current_reports"]
    _button(at, "下架直播").click().run()
    at.text_area(key=f"note_{report_id}").input("收银台前有顾客的脸").run()
    at.selectbox(key="language_picker").set_value("en").run()  # the sidebar's language switch
    assert not at.exception and at.title[0].value == "Report queue"
    assert at.session_state["desk_current_reports"] == report_id
    assert at.text_area(key=f"note_{report_id}").value == "收银台前有顾客的脸"
    assert _button(at, "Take the stream down").proto.type == "primary"


def _language_picker_alone():
    from dashboard.ui.auth import current_viewer, language_picker

    language_picker(current_viewer())


def test_the_language_choice_is_kept_with_the_account(zh_app_env):
    from sqlalchemy import select

    from dashboard.db.models import User

    at = AppTest.from_function(_language_picker_alone, default_timeout=60)
    at.session_state["auth_token"] = _token(zh_app_env, Role.REVIEWER)
    at.run()
    assert at.selectbox(key="language_picker").value == "zh_CN"
    at.selectbox(key="language_picker").set_value("en").run()
    assert not at.exception and at.session_state["language"] == "en"
    assert _scalar(zh_app_env, select(User.language).where(User.username == "rita")) == "en"
    again = AppTest.from_function(_language_picker_alone, default_timeout=60)  # the next sign-in
    again.session_state["auth_token"] = _token(zh_app_env, Role.REVIEWER)
    again.run()
    assert again.selectbox(key="language_picker").value == "en"


ZH_TITLES = {"report_queue": "举报队列", "escalations": "升级处理", "scan_flags": "扫描标记", "streams": "直播查询",
             "consent_stickers": "告知贴纸", "welfare_audits": "公益直播审核", "campus_streams": "校园直播",
             "enablement": "开播审批", "shutdown_readiness": "下架与关停准备", "audit_log": "审计日志", "users": "用户",
             "appeals": "申诉"}


@pytest.mark.parametrize(("spec", "role"), PERMITTED, ids=[f"{s.key}-{r.value}" for s, r in PERMITTED])
def test_every_page_renders_in_chinese_for_every_permitted_role(app_env, monkeypatch, spec, role):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    at = _signed_in(app_env, role).run()
    at.switch_page(spec.path).run()
    assert not at.exception, at.exception
    assert at.title[0].value == ZH_TITLES[spec.key] and not at.error


def test_a_link_to_another_report_while_holding_one_says_why_it_waits(own_app_env):
    from sqlalchemy import select

    from dashboard.db.models import Report

    at = _signed_in(own_app_env, Role.REVIEWER)
    at.session_state["language"] = "en"  # whatever language an earlier test left with the shared account
    at.run()
    for claim in [b for b in at.button if b.label == "Claim the most urgent report"]:  # unless one is held
        claim.click().run()
    held = at.subheader[0].value.split()[1]
    other = _scalar(own_app_env, select(Report.external_id).where(Report.status == "open",
                                                                  Report.claimed_by_id.is_(None)).limit(1))
    at.query_params["report"] = other
    at.run()
    assert not at.exception, at.exception
    notice = " ".join(info.value for info in at.info)
    assert f"asks for report {other}" in notice and f"you hold report {held}" in notice
    _button(at, f"Hand back {held} to open {other}").click().run()
    assert not at.exception, at.exception
    _button(at, f"Claim report {other} (from the link)").click().run()
    assert at.subheader[0].value.startswith(f"Report {other} ")
    assert _scalar(own_app_env, select(Report.claimed_by_id).where(Report.external_id == held)) is None

