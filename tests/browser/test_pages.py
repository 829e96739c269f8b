"""Managers' exports, stickers and role limits in a real browser."""
from __future__ import annotations

import re

import pytest

from playwright.sync_api import expect
from sqlalchemy import select

from dashboard.db.models import Report
from dashboard.db.session import make_engine, unit_of_work
from tests.browser.conftest import PASSWORDS
from tests.browser.helpers import settle, sign_in


def _waiting_report(console) -> str:
    """An open, unclaimed report of the console's database (its external id, as a link from chat names it)."""
    engine = make_engine(f"sqlite:///{console.db_path}")
    with unit_of_work(engine) as session:
        external_id = session.scalar(select(Report.external_id).where(
            Report.status == "open", Report.claimed_by_id.is_(None)).order_by(Report.id.desc()).limit(1))
    engine.dispose()
    return external_id


def test_readiness_exports_download_a_png_and_a_pdf(console, page):
    sign_in(page, console.url, "marco")
    page.get_by_role("link", name="Takedowns & readiness").click()
    settle(page)
    page.get_by_role("button", name="Prepare PNG").first.click()
    settle(page)
    with page.expect_download() as png:
        page.get_by_role("button", name="Download PNG").first.click()
    assert png.value.suggested_filename == "burn_down.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    expect(page.get_by_role("tab", name="Data retention")).to_be_visible()  # the rest of the page still renders
    page.get_by_role("tab", name="Full shutdown").click()
    page.get_by_role("button", name="Prepare one-page readiness report (PDF)").click()
    settle(page)
    with page.expect_download(timeout=60_000) as pdf:
        page.get_by_role("button", name="Download readiness report").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"


def test_a_lead_issues_and_revokes_a_sticker(console, page):
    sign_in(page, console.url, "lena")
    page.get_by_role("link", name="Consent stickers").click()
    settle(page)
    page.get_by_role("button", name=re.compile("^Issue a new sticker")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Issue a new sticker?")
    dialog.get_by_role("button", name="Issue").click()
    expect(page.get_by_text(re.compile("New sticker issued for"))).to_be_visible()
    settle(page)  # the sticker image above the buttons loads and moves them down
    with page.expect_download() as sticker:
        page.get_by_role("button", name="Sticker PNG").click()
    assert open(sticker.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    page.get_by_test_id("stButtonGroup").get_by_text("Issued", exact=True).click()  # Show: issued stickers
    settle(page)
    page.get_by_label("Reason to revoke").fill("merchant moved out")
    page.get_by_role("button", name="Revoke sticker").click()
    expect(page.get_by_text(re.compile("Sticker of .* revoked."))).to_be_visible()


def test_a_direct_url_to_a_forbidden_page_shows_no_data(console, page):
    sign_in(page, console.url, "rita")
    page.goto(f"{console.url}/users")
    settle(page)
    expect(page.get_by_role("heading", name="Users", level=1)).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # still signed in, on a page she may see
    assert "ada" not in page.locator("main").inner_text()


def test_a_forbidden_page_says_so_in_the_console_language(console, page):
    sign_in(page, console.url, "rita")
    page.goto(f"{console.url}/audit_log")
    settle(page)
    expect(page.get_by_text("This link opens a page your role cannot see.")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


_LINK_WORDS = {  # what the reader sees, by the account's language
    "English": {"claim": "Claim report {report} (from the link)", "heading": "Report {report} ·",
                "hand_back": "Hand back to the queue", "handed_back": "Report {report} went back to the queue."},
    "中文": {"claim": "认领举报 {report}（来自链接）", "heading": "举报 {report} ·", "hand_back": "退回队列",
           "handed_back": "举报 {report} 已退回队列。"},
}


@pytest.mark.parametrize("language", list(_LINK_WORDS))
def test_a_chat_link_to_a_report_opens_after_signing_in_and_after_a_reload(console, page, language):
    from tests.browser.test_desk import _peoples_words, _pick_language, _read_text
    from tests.pages.test_no_english import ALLOWED
    from tests.pages.visible_text import english_words

    report = _waiting_report(console)
    words = {key: text.format(report=report) for key, text in _LINK_WORDS[language].items()}
    if language != "English":  # the account keeps its language through signing out and in
        sign_in(page, console.url, "lena")
        _pick_language(page, "Language", language)
        page.get_by_role("button", name="退出登录").click()
        settle(page)
    page.goto(f"{console.url}/report_queue?report={report}")  # signed out: the form, not "Page not found"
    settle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.get_by_label(re.compile("Username|用户名")).fill("lena")
    page.get_by_label(re.compile("^(Password|密码)$"), exact=True).fill(PASSWORDS["lena"])
    page.get_by_role("button", name=re.compile("^(Sign in|登录)$")).click()
    claim = page.get_by_role("button", name=words["claim"])
    expect(claim).to_be_visible()
    assert "/report_queue" in page.url and f"report={report}" in page.url
    page.reload()
    settle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    claim.click()
    expect(page.get_by_role("heading", name=re.compile("^" + re.escape(words["heading"])))).to_be_visible()
    found = english_words([_read_text(page)], ALLOWED | _peoples_words(console)) if language != "English" else set()
    page.get_by_role("button", name=re.compile("^" + words["hand_back"])).click()  # leave it for the next test
    expect(page.get_by_text(words["handed_back"])).to_be_visible()
    if language != "English":
        _pick_language(page, "语言", "English")
    assert not found, sorted(found)


def test_a_chat_link_as_the_first_visit_after_a_restart_shows_the_sign_in_form(console, context, tmp_path):
    """A fresh server serves a page path from pages/ until the entry script has run once: the link must still
    lead to the sign-in form (not a bare 'Please sign in.') and to the linked report after it."""
    import sqlite3

    from tests.browser.server import running_console

    with sqlite3.connect(console.db_path) as source, sqlite3.connect(tmp_path / "console.sqlite3") as copy:
        source.backup(copy)  # with what the running console has not yet checkpointed (reports other tests made)
    report = _waiting_report(console)
    with running_console(tmp_path / "console.sqlite3", tmp_path / "var", language="en") as url:
        page = context.new_page()
        page.goto(f"{url}/report_queue?report={report}")
        page.get_by_label("Username").fill("lena")
        page.get_by_label("Password", exact=True).fill(PASSWORDS["lena"])
        page.get_by_role("button", name="Sign in").click()
        claim = page.get_by_role("button", name=f"Claim report {report} (from the link)")
        expect(claim).to_be_visible()
        assert f"report={report}" in page.url
        settle(page)  # the session cookie is set once the signed-in page has run
        page.reload()
        expect(claim).to_be_visible()


def test_the_first_page_of_a_role_opens_at_the_root_and_at_its_own_path(console, page):
    sign_in(page, console.url, "marco")
    expect(page.get_by_role("heading", name="Stream lookup", level=1)).to_be_visible()
    page.goto(f"{console.url}/streams")
    settle(page)
    expect(page.get_by_role("heading", name="Stream lookup", level=1)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_in_chinese_the_file_drop_zone_speaks_chinese(console, page):
    """Streamlit's drop zone (instructions, size limit, button) has no parameter for its words: swapped in the tab."""
    sign_in(page, console.url, "lena")
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="中文").click()
    settle(page)
    page.goto(f"{console.url}/consent_stickers")
    settle(page)
    zone = page.get_by_test_id("stFileUploaderDropzone")
    expect(zone.get_by_role("button", name="上传")).to_be_visible()
    expect(zone).to_contain_text("每个文件不超过 10MB")
    for english in ("Drag and drop", "per file", "Upload"):  # ("upload" in lower case is the icon's ligature)
        expect(zone).not_to_contain_text(english)
    page.get_by_role("combobox", name="语言").click()
    page.get_by_role("option", name="English").click()  # the account keeps its language: as the other tests expect
    settle(page)
