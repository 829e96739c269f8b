"""What a person sees on an AppTest page, as text: labels, messages, tables, chart titles, options and help."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

# Proto fields that carry no words a person reads (ids, keys, icons, serialized data, styles).
_TECHNICAL = {"id", "formId", "key", "type", "icon", "data", "arrowData", "styler", "url", "args", "fragmentId",
              "deltaPathStr", "columns", "selectionMode", "vegaLiteTheme", "format", "pageScriptHash",
              "autocomplete", "shortcut", "page", "anchor", "pageName", "page_name", "urlPath", "url_path", "form_id", "fragment_id", "spec", "mimeType", "fileId", "theme", "width", "height", "color", "step"}
_MATERIAL = re.compile(r":material/[a-z_]+:|:[a-z]+(?:-badge|-background)?\[")  # icons, Markdown colours
_SCRIPT = re.compile(r"<script>.*?</script>", re.S)
_NOISE = re.compile(r"https?://\S+|\S+@\S+|\S+\.(?:png|pdf|csv|jsonl|zip|mp4|jpg)\b|`[^`]*`")
WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'’-]*[A-Za-z](?![\w-])")


def _walk(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _strings(message: Message) -> Iterator[str]:
    """The string fields of a proto message and of the messages inside it (enums and bytes are not words)."""
    for field, value in message.ListFields():
        if field.name in _TECHNICAL or field.json_name in _TECHNICAL:
            continue
        values = value if getattr(field, "is_repeated", False) or isinstance(value, (list, tuple)) \
            or type(value).__name__.startswith("Repeated") else [value]
        for item in values:
            if field.type == FieldDescriptor.TYPE_STRING:
                yield item
            elif field.type == FieldDescriptor.TYPE_MESSAGE and isinstance(item, Message):
                yield from _strings(item)


def _chart_words(spec: str) -> Iterator[str]:
    """Titles, axis and legend titles and tooltip titles of a Vega-Lite spec."""
    def visit(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for name, item in node.items():
                if name in ("title", "text") and isinstance(item, str):
                    yield item
                elif name not in ("data", "datasets", "$schema", "config"):
                    yield from visit(item)
        elif isinstance(node, list):
            for item in node:
                yield from visit(item)
    yield from visit(json.loads(spec))


def _table_words(element: object) -> Iterator[str]:
    frame = element.value
    yield from (str(c) for c in frame.columns)
    for column in frame.columns:
        yield from (v for v in frame[column].tolist() if isinstance(v, str))


def visible_texts(at: AppTest) -> list[str]:
    """Every string the page shows (main area and sidebar)."""
    texts: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        if type(node).__name__ == "Dataframe":
            texts.extend(_table_words(node))
            continue
        spec = getattr(proto, "spec", "")
        if isinstance(spec, str) and spec.startswith("{"):
            texts.extend(_chart_words(spec))
        texts.extend(_strings(proto))
    return texts


def english_words(texts: list[str], allowed: set[str]) -> set[str]:
    """Latin-letter words in the texts that are not allowed (product names, IDs, people's own words)."""
    found: set[str] = set()
    for text in texts:
        text = _SCRIPT.sub(" ", text)  # st.html scripts (keyboard and draft helpers) run, nobody reads them
        cleaned = _NOISE.sub(" ", _MATERIAL.sub(" ", text.replace("\\", "")))  # Markdown escapes
        found.update(w for w in WORD.findall(cleaned) if w.lower() not in allowed and w not in allowed)
    return found


def peoples_words_in(db_path: object, columns: list) -> set[str]:
    """Every Latin-letter word of the given columns (names, titles, texts, ids) in a SQLite console database."""
    from sqlalchemy import select

    from dashboard.db.session import make_engine, unit_of_work

    engine = make_engine(f"sqlite:///{db_path}")
    with unit_of_work(engine) as session:
        texts = [value for column in columns for value in session.scalars(select(column).distinct()) if value]
    engine.dispose()
    return {word for text in texts for word in WORD.findall(str(text))}
