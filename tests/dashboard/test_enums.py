"""The vocabulary: every code carries its words, and every language of the console has them."""
from __future__ import annotations

import pytest

from dashboard.enums import Category, StickerVerificationOutcome, Vocabulary
from dashboard.i18n import catalogue, words
from dashboard.languages import CODES

MEMBERS = [member for vocabulary in Vocabulary.__subclasses__() for member in vocabulary]


@pytest.mark.parametrize("language", [code for code in CODES if code != "en"])
def test_every_codes_words_are_in_every_language(language):
    missing = sorted({m.label for m in MEMBERS if catalogue(language).gettext(m.label) == m.label})
    assert not missing, f"{language}: no words for {missing}"


def test_a_code_two_vocabularies_share_has_the_same_words():
    seen: dict[str, str] = {}
    for member in MEMBERS:
        assert seen.setdefault(member.value, member.label) == member.label, member


@pytest.mark.parametrize("member", [Category.ECOLOGICAL_AGRICULTURE, StickerVerificationOutcome.WRONG_STREAM])
def test_a_code_read_back_as_text_gets_its_members_words(member):
    """pandas hands codes back as plain strings: they are said with the member's words."""
    assert words("zh_CN", member.value) == words("zh_CN", member) != member.label
    assert words("en", member.value) == member.label


def test_the_database_still_stores_the_bare_code():
    assert Category("shop") is Category.SHOP and str(Category.SHOP) == "shop" and Category.SHOP.label == "Shop"
