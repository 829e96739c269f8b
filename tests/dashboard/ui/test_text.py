"""Untrusted text is shown as written: Markdown links, images, directives and headings are escaped."""
from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt  # the CommonMark parser the console's dependencies (rich) already ship

from dashboard.ui.text import plain

HOSTILE = ["[click me](http://evil.example/steal)", "![x](http://evil.example/pixel.png)", "# HEADING",
           ":red[alarm] :material/warning:", "**bold** _it_ `code`", "<img src=x onerror=alert(1)>", "$x^2$",
           "1. list\n- item", "a \\ backslash & an ampersand"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_as_the_literal_text(text):
    rendered = MarkdownIt("commonmark").render(plain(text))
    assert rendered.startswith("<p>") and rendered.count("<") == 2  # one paragraph, no other element
    assert html.unescape(rendered.removeprefix("<p>").removesuffix("</p>\n")) == text


@pytest.mark.parametrize("text", ["shoppers filmed at the till", "店主在拍顾客", "", None])
def test_ordinary_text_is_unchanged_to_the_eye(text):
    assert plain(text) == ("" if text is None else text)
