"""In Chinese, every page shows Chinese: no English words outside product names, IDs and people's own words."""
from __future__ import annotations

import re

import pytest

from dashboard.db.models import AuditEvent, Owner, Report, Stream, User
from dashboard.enums import Role
from tests.pages.test_pages import PERMITTED, _button, _signed_in
from tests.pages.visible_text import english_words, peoples_words_in, visible_texts

# Product and file-format names, and the zone as people write it (UTC+8).
ALLOWED = {"CSV", "PNG", "PDF", "JPEG", "JPG", "SLA", "UTC", "ID", "QR", "p50", "p90",
           "English",  # the language switch names each language in its own words
           "Alt", "Ctrl", "Enter",  # key caps in shortcut hints, as printed on the keyboard
           "SSDLite", "YOLO"}  # the person detectors' product names (ui.scan_words.BACKENDS)
# What people wrote or are called: shown as written, in whatever language they wrote it.
PEOPLES_WORDS = [User.username, User.display_name, Stream.title, Stream.external_id, Owner.name, Report.text,
                 Report.external_id, Report.decision_reason, AuditEvent.actor_name, AuditEvent.entity_id]


@pytest.fixture(scope="module")
def peoples_words(demo_db) -> set[str]:
    """Every Latin-letter word of names, titles, report texts, reasons and IDs in the demo database."""
    return peoples_words_in(demo_db, PEOPLES_WORDS)


@pytest.mark.parametrize("text", ["Report queue", "3 streams match: select one", "Take the stream down"])
def test_the_check_finds_english_words(text):
    assert english_words([f"举报 {text}"], ALLOWED)


def test_the_check_passes_chinese_ids_and_allowed_names():
    assert not english_words(["举报 rep-0000012 · str-000042 · 导出 CSV · 11月30日 09:15 UTC+8 :material/inbox:"],
                             ALLOWED)


@pytest.mark.parametrize(("spec", "role"), PERMITTED, ids=[f"{s.key}-{r.value}" for s, r in PERMITTED])
def test_every_page_in_chinese_has_no_english_words(app_env, monkeypatch, peoples_words, spec, role):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    at = _signed_in(app_env, role).run()
    at.switch_page(spec.path).run()
    assert not at.exception, at.exception
    found = english_words(visible_texts(at), ALLOWED | peoples_words)
    assert not found, sorted(found)
    assert any(re.search(r"[\u4e00-\u9fff]", text) for text in visible_texts(at))


def test_a_claimed_report_with_a_decision_chosen_reads_in_chinese(own_app_env, monkeypatch, peoples_words):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "zh_CN")
    at = _signed_in(own_app_env, Role.REVIEWER).run()
    _button(at, "认领最紧急的举报").click().run()
    _button(at, "下架直播").click().run()
    assert not at.exception and at.subheader[0].value.startswith("举报 rep-")
    found = english_words(visible_texts(at), ALLOWED | peoples_words)
    assert not found, sorted(found)
