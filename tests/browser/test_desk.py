"""The report desk in a real browser: keyboard flow, a claim that runs out, two reviewers at once."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect
from sqlalchemy import select, update

from dashboard.db.models import DecisionDraft, Report
from dashboard.db.session import make_engine, unit_of_work
from tests.browser.helpers import settle, sign_in
from tests.pages.test_no_english import ALLOWED, PEOPLES_WORDS
from tests.pages.visible_text import english_words, peoples_words_in


def _report(console, external_id: str) -> Report:
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        report = session.scalar(select(Report).where(Report.external_id == external_id))
        session.expunge(report)
    engine.dispose()
    return report


def _wait_for_draft(console, note: str, timeout: float = 20) -> None:
    """Until the desk has stored the typed note (the rerun after the text box lost focus has reached the server)."""
    engine = make_engine(f"sqlite:///{console.db_path}")
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with unit_of_work(engine) as session:
                if session.scalar(select(DecisionDraft.id).where(DecisionDraft.note == note)):
                    return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError(f"the draft {note!r} was never stored")


def _lease_ends(console, external_id: str, *, in_seconds: float) -> None:
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        session.execute(update(Report).where(Report.external_id == external_id).values(
            lease_expires_at=datetime.now(timezone.utc) + timedelta(seconds=in_seconds)))
    engine.dispose()


def _reload_and_claim_again(page, external_id: str, *, note: str) -> None:
    """Reload after the lease ran out, take the report again, and find the kept note in the box."""
    page.reload()
    settle(page)
    expect(page.get_by_text(f"You no longer hold report {external_id}")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name=re.compile("^Claim it again")).click()
    settle(page)
    expect(page.get_by_label("Note (optional with a preset reason; recorded with the decision)")).to_have_value(note)


def _held_report_id(page) -> str:
    heading = page.get_by_role("heading", name=re.compile(r"^Report rep-"))
    expect(heading).to_be_visible()
    return re.search(r"Report (\S+) ·", heading.inner_text()).group(1)


def _hold_a_report(page) -> str:
    """Claim the most urgent report, or keep the one this reviewer holds from an earlier test (one console)."""
    claim = page.get_by_role("button", name=re.compile("^Claim the most urgent report"))
    if claim.count():
        claim.click()
    return _held_report_id(page)


def _type_a_note(console, page, username: str, decision: str, text: str):
    """Sign in, hold a report, choose the decision and type the note with the cursor left in the box (no Tab, no
    Ctrl+Enter); returns the report's id and the note box."""
    sign_in(page, console.url, username)
    external_id = _hold_a_report(page)
    page.get_by_role("button", name=re.compile(f"^{decision}")).click()
    settle(page)
    note = page.get_by_label("Note (optional with a preset reason; recorded with the decision)")
    note.fill("")  # a report held from an earlier test of this console may keep a note
    note.click()
    page.keyboard.type(text, delay=40)
    return external_id, note


def test_claim_reveal_decide_by_keyboard(console, page):
    sign_in(page, console.url, "rita")
    expect(page.get_by_role("button", name=re.compile("^Claim the most urgent report"))).to_be_visible()
    page.keyboard.press("Alt+N")  # claim the most urgent report
    external_id = _held_report_id(page)
    page.wait_for_function("() => document.activeElement?.innerText?.startsWith('Dismiss')")  # focus on the report
    page.keyboard.press("Alt+V")  # reveal the evidence (logged), if the stream has any
    settle(page)
    page.keyboard.press("Alt+1")  # Dismiss
    expect(page.get_by_test_id("stBaseButton-primary").filter(has_text="Dismiss")).to_be_visible()
    settle(page)  # the run the decision started has finished: the note is typed into the page it leaves
    record = page.get_by_role("button", name=re.compile("^Record decision"))
    expect(record).to_be_enabled()
    note = page.get_by_label("Note (optional with a preset reason; recorded with the decision)")
    note.fill("nobody but the owner in view")
    note.press("Control+Enter")  # record, from inside the note
    expect(page.get_by_text(f"Report {external_id}: dismiss.")).to_be_visible()
    decided = _report(console, external_id)
    assert decided.status.value == "closed" and decided.decision.value == "dismiss"
    assert decided.decision_reason == "nobody but the owner in view"


def test_an_expired_claim_keeps_the_typed_reason(console, page):
    sign_in(page, console.url, "ravi")
    page.get_by_role("button", name=re.compile("^Claim the most urgent report")).click()
    external_id = _held_report_id(page)
    page.get_by_role("button", name=re.compile("^Take the stream down")).click()
    expect(page.get_by_test_id("stBaseButton-primary").filter(has_text="Take the stream down")).to_be_visible()
    settle(page)
    note = page.get_by_label("Note (optional with a preset reason; recorded with the decision)")
    note.fill("shoppers at the till, faces visible")
    note.press("Tab")
    _wait_for_draft(console, "shoppers at the till, faces visible")
    _lease_ends(console, external_id, in_seconds=2)  # the lease runs out a moment from now
    _reload_and_claim_again(page, external_id, note="shoppers at the till, faces visible")


def test_two_reviewers_never_get_the_same_report(console, browser):
    pages = []
    for username in ("rita", "ravi"):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        pages.append(context.new_page())
        sign_in(pages[-1], console.url, username)
    held = []
    for page in pages:
        button = page.get_by_role("button", name=re.compile("^Claim the most urgent report"))
        if button.count():
            button.click()
        held.append(_held_report_id(page))
    assert held[0] != held[1]
    for page in pages:
        page.context.close()


def test_a_note_typed_with_the_cursor_still_in_the_box_survives_the_claim_running_out(console, page):
    external_id, _ = _type_a_note(console, page, "rita", "Make the stream private", "pupils in the corridor")
    _wait_for_draft(console, "pupils in the corridor", timeout=10)
    assert page.evaluate("() => document.activeElement?.tagName") == "TEXTAREA"
    _lease_ends(console, external_id, in_seconds=-1)  # it has run out when the page is next drawn
    _reload_and_claim_again(page, external_id, note="pupils in the corridor")  # only the browser held: gone


def test_the_keyboard_order_decision_preset_note_record(console, page):
    sign_in(page, console.url, "ravi")
    external_id = _hold_a_report(page)
    page.get_by_label("Note (optional with a preset reason; recorded with the decision)").fill("")
    page.keyboard.press("Alt+1")  # Dismiss: the keyboard moves on to the preset reason
    page.wait_for_function("() => document.activeElement?.getAttribute('aria-label') === 'Preset reason'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the first preset: the keyboard moves on to the note
    page.wait_for_function("() => document.activeElement?.tagName === 'TEXTAREA'")
    page.keyboard.type("owner's own family only", delay=40)
    expect(page.get_by_label("Note (optional with a preset reason; recorded with the decision)")).to_have_value(
        "owner's own family only")
    _wait_for_draft(console, "owner's own family only", timeout=10)
    for _ in range(25):  # Tab walks the page without entering a table's toolbar
        page.keyboard.press("Tab")
        assert not page.evaluate("() => !!document.activeElement?.closest('[data-testid=\"stElementToolbar\"]')")
    page.get_by_label("Note (optional with a preset reason; recorded with the decision)").focus()
    page.keyboard.press("Escape")  # Esc leaves the field
    assert page.evaluate("() => document.activeElement?.tagName") != "TEXTAREA"
    page.get_by_label("Note (optional with a preset reason; recorded with the decision)").focus()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text(f"Report {external_id}: dismiss.")).to_be_visible()
    reason = _report(console, external_id).decision_reason
    assert reason.endswith("owner's own family only") and len(reason) > len("owner's own family only")


def _peoples_words(console) -> set[str]:
    return peoples_words_in(console.db_path, PEOPLES_WORDS)


def _read_text(page) -> str:
    """The text a person reads in the main area: icons are drawn from font ligatures ('timer', 'undo'), not read."""
    return page.evaluate("""() => {
        const main = document.querySelector("main").cloneNode(true);
        main.querySelectorAll('[data-testid="stIconMaterial"], [data-testid$="DynamicIcon"]').forEach((icon) => icon.remove());
        document.body.appendChild(main);
        const text = main.innerText;
        main.remove();
        return text;
    }""")


def _pick_language(page, current: str, wanted: str) -> None:
    page.get_by_role("combobox", name=current).click()
    page.get_by_role("option", name=wanted).click()
    settle(page)


def test_a_note_is_kept_across_a_language_switch_and_a_new_sign_in(console, page):
    sign_in(page, console.url, "rita")
    _hold_a_report(page)
    page.get_by_role("button", name=re.compile("^Dismiss")).click()
    settle(page)
    box = page.locator("[class*='st-key-note_'] textarea")  # found by its key: the label changes language
    box.fill("")
    box.click()
    page.keyboard.type("camera faces the owner's garden", delay=40)
    _wait_for_draft(console, "camera faces the owner's garden", timeout=10)
    _pick_language(page, "Language", "中文")
    expect(box).to_have_value("camera faces the owner's garden")
    _pick_language(page, "语言", "English")  # the account keeps its language: leave it as the other tests expect
    page.get_by_role("button", name="Sign out").click()
    settle(page)
    sign_in(page, console.url, "rita")
    expect(page.locator("[class*='st-key-note_'] textarea")).to_have_value("camera faces the owner's garden")


def test_in_chinese_a_new_urgent_report_raises_a_toast_and_the_tab_count(console, page):
    from dashboard.enums import ReportReason
    from tests.factories import make_report
    from dashboard.db.models import Stream

    sign_in(page, console.url, "ravi")
    _pick_language(page, "Language", "中文")
    expect(page.get_by_role("heading", name="举报队列", level=1)).to_be_visible()
    page.wait_for_function("() => /^\\(\\d+\\) /.test(document.title)", timeout=15_000)
    before = int(re.match(r"\((\d+)\)", page.title()).group(1))
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        stream = session.scalar(select(Stream).order_by(Stream.id).limit(1))
        external_id = make_report(session, stream=stream, reason=ReportReason.MINORS, priority=1).external_id
    engine.dispose()
    toast = page.get_by_test_id("stToast").filter(has_text=external_id)
    expect(toast).to_be_visible(timeout=20_000)  # the counts refresh every 5 s, shared reads every 4 s
    expect(toast).to_contain_text("新的紧急举报")
    page.wait_for_function(f"() => document.title.startsWith('({before + 1}) ')", timeout=15_000)
    found = english_words([_read_text(page)], ALLOWED | _peoples_words(console))
    _pick_language(page, "语言", "English")
    assert not found, sorted(found)  # the rendered desk in Chinese: no English outside names and ids


def test_in_chinese_the_desk_by_keyboard_keeps_the_note_and_records_it(console, page):
    sign_in(page, console.url, "rita")
    _pick_language(page, "Language", "中文")
    claim = page.get_by_role("button", name=re.compile("^认领最紧急的举报"))
    if claim.count():
        page.keyboard.press("Alt+N")
    heading = page.get_by_role("heading", name=re.compile(r"^举报 rep-"))
    expect(heading).to_be_visible()
    external_id = re.search(r"举报 (\S+) ·", heading.inner_text()).group(1)
    box = page.locator("[class*='st-key-note_'] textarea")
    box.fill("")
    page.keyboard.press("Alt+1")  # 驳回: the keyboard moves on to the preset reason
    page.wait_for_function("() => document.activeElement?.getAttribute('aria-label') === '预设理由'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.tagName === 'TEXTAREA'")
    page.keyboard.type("画面里只有店主一家", delay=40)
    _wait_for_draft(console, "画面里只有店主一家", timeout=10)
    page.reload()  # the note was never left: it is kept all the same
    settle(page)
    expect(box).to_have_value("画面里只有店主一家")
    found = english_words([_read_text(page)], ALLOWED | _peoples_words(console))
    box.focus()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text(f"举报 {external_id}：驳回。")).to_be_visible()
    _pick_language(page, "语言", "English")
    assert not found, sorted(found)
    assert _report(console, external_id).decision_reason.endswith("画面里只有店主一家")


def test_in_chinese_a_claim_that_runs_out_keeps_the_note_and_is_taken_again(console, page):
    """The lease-expiry flow as the night shift reads it: every word on the way in Chinese."""
    sign_in(page, console.url, "ravi")
    _pick_language(page, "Language", "中文")
    claim = page.get_by_role("button", name=re.compile("^认领最紧急的举报"))
    if claim.count():
        claim.click()
        settle(page)
    heading = page.get_by_role("heading", name=re.compile(r"^举报 rep-"))
    expect(heading).to_be_visible()
    external_id = re.search(r"举报 (\S+) ·", heading.inner_text()).group(1)
    box = page.locator("[class*='st-key-note_'] textarea")
    box.fill("收银台前的顾客，脸清晰可见")
    box.press("Tab")
    _wait_for_draft(console, "收银台前的顾客，脸清晰可见")
    _lease_ends(console, external_id, in_seconds=-1)
    page.reload()
    settle(page)
    expect(page.get_by_text(f"您已不再持有举报 {external_id}")).to_be_visible(timeout=30_000)
    found = english_words([_read_text(page)], ALLOWED | _peoples_words(console))
    page.get_by_role("button", name="重新认领").click()
    settle(page)
    expect(box).to_have_value("收银台前的顾客，脸清晰可见")
    _pick_language(page, "语言", "English")
    assert not found, sorted(found)


def _draft_note(console, external_id: str) -> str | None:
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        note = session.scalar(select(DecisionDraft.note).join(Report, Report.id == DecisionDraft.report_id)
                              .where(Report.external_id == external_id))
    engine.dispose()
    return note


BLANK_AS_A_RUN_DOES = """(box) => {
    // What a page run that still carries the server's older value does to the box: React sets it (an event the
    // reviewer did not make), and the box later sends that value when it loses focus.
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(box, "");
    box.dispatchEvent(new Event("input", {bubbles: true}));
    box.blur();
}"""


def test_a_note_a_page_run_blanks_is_put_back_and_sent_again(console, page):
    external_id, note = _type_a_note(console, page, "ravi", "Dismiss", "no person in view, a poster")
    _wait_for_draft(console, "no person in view, a poster", timeout=10)
    note.evaluate(BLANK_AS_A_RUN_DOES)
    expect(note).to_have_value("no person in view, a poster", timeout=5_000)
    settle(page)
    time.sleep(2)  # the blank the box sent on leaving it has been stored by now, if nothing sent the text again
    settle(page)
    assert _draft_note(console, external_id) == "no person in view, a poster"


def test_in_chinese_a_search_that_finds_nothing_says_so_in_chinese(console, page):
    sign_in(page, console.url, "rita")
    _pick_language(page, "Language", "中文")
    page.get_by_role("combobox", name="语言").click()
    page.keyboard.type("zzz")
    options = page.get_by_role("listbox")
    expect(options).to_contain_text("无匹配结果")  # Streamlit's own "No results", which no parameter sets
    expect(options).not_to_contain_text("No results")
    page.keyboard.press("Escape")
    settle(page)
    _pick_language(page, "语言", "English")
