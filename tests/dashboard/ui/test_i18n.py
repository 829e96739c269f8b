"""Catalogues: every text the code marks has a Chinese translation, none fuzzy or stale, placeholders kept."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.languages import CODES
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard.messages import SOURCES, keywords
from dashboard import i18n as core_i18n
from dashboard.ui import i18n

ROOT = Path(__file__).resolve().parents[3]

def _marked() -> set[str]:
    return {message for _, _, message, _, _ in extract_from_dir(str(ROOT), SOURCES, keywords=keywords())
            if isinstance(message, str) and message}


@pytest.fixture(scope="module", params=[code for code in CODES if code != "en"])  # English is the code's own text
def zh(request):
    """Each translated language's catalogue (the languages table's rows; Chinese today)."""
    with (core_i18n.LOCALE_DIR / request.param / "LC_MESSAGES" / "console.po").open("rb") as source:
        return read_po(source, locale=request.param)


def test_every_marked_text_has_a_chinese_translation(zh):
    untranslated = sorted(m for m in _marked() if not (zh.get(m) and zh.get(m).string))
    assert not untranslated, untranslated


def test_no_translation_is_fuzzy_or_stale(zh):
    marked = _marked()
    assert not [m.id for m in zh if m.id and m.fuzzy]
    assert not sorted(m.id for m in zh if m.id and m.id not in marked)  # the code no longer says it


def test_placeholders_survive_translation(zh):
    names = re.compile(r"\{(\w*)\}")
    wrong = [m.id for m in zh if m.id and sorted(names.findall(m.id)) != sorted(names.findall(m.string))]
    assert not wrong, wrong


def test_the_catalogue_is_compiled_and_used():
    i18n.catalogue.cache_clear()
    assert i18n.catalogue("zh_CN").gettext("Report queue") == "举报队列"
    assert i18n.catalogue("en").gettext("Report queue") == "Report queue"


def _error_word_arguments() -> list[tuple[str, int, str]]:
    """Every word-carrying literal a service passes into an error's sentence: keyword arguments of the console's
    error classes and the purpose of require_reason (file, line, text)."""
    import ast
    import inspect

    from dashboard import errors

    classes = {name for name, value in vars(errors).items()
               if inspect.isclass(value) and issubclass(value, errors.ConsoleError)} | {"require_reason"}
    found = []
    for path in sorted((ROOT / "dashboard" / "services").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(getattr(node, "func", None), "attr",
                                                                                None)
            if not isinstance(node, ast.Call) or name not in classes:
                continue
            for keyword in node.keywords:
                value = keyword.value
                if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "N_" and value.args:
                    value = value.args[0]
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and re.search(
                        r"[A-Za-z]{3,}", value.value):
                    found.append((str(path.relative_to(ROOT)), node.lineno, value.value))
    return found


def test_words_services_put_into_error_messages_read_in_chinese():
    arguments = _error_word_arguments()
    assert any(text == "for every decision" for _, _, text in arguments)  # the scan finds what it must
    english = [(path, line, text) for path, line, text in arguments
               if re.search(r"[A-Za-z]{3,}", core_i18n.translate("zh_CN", text))]
    assert not english, english
