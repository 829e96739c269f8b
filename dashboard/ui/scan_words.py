"""Scan results in the reader's language: the detectors' reason lines (stored in English) and the flag facts."""
from __future__ import annotations

import re

from dashboard.messages import N_
from dashboard.ui.formatting import label, local
from dashboard.ui.i18n import t

MEASURES = [N_("distinct people per minute"), N_("peak people in frame"), N_("share of frames with people")]
_CHECK = re.compile(r"^(?P<name>[a-z ]+?) (?P<value>\S+) (?P<op>[≥<]) (?P<limit>\S+)$")
_CROWD = re.compile(r"^crowd in frame: (?:a still image|a (?P<span>\d+) s window) cannot show a rate of people passing, "
                    r"but (?P<peak>\d+) people are in frame at once \(≥ (?P<limit>\d+)\)$")
_FIXED = [N_("person detector unavailable: faces stand in for people, tracks not counted"), N_("no frames")]


def reason(line: str) -> str:
    """One reason line of a scan in the reader's language (lines the console does not know stay as written)."""
    if match := _CHECK.match(line):
        return f"{t(match['name'])} {match['value']} {match['op']} {match['limit']}"
    if match := _CROWD.match(line):
        what = t("a {span} s window", span=match["span"]) if match["span"] else t("a still image")
        return t("crowd in frame: {what} cannot show a rate of people passing, but {peak} people are in frame at "
                 "once (≥ {limit})", what=what, peak=match["peak"], limit=match["limit"])
    return t(line)


def detector(label: str) -> str:
    """The person detector a scan used: its name, and in words whether it stood in for one that could not load
    (the loader's own reason is a diagnostic for operators, kept in the scan's record)."""
    name, _, fallback = label.partition(" (offline: ")
    return t("{name} (stood in for a detector that could not be loaded)", name=name) if fallback else name


BACKENDS = {"ssdlite": "SSDLite", "yolo": "YOLO"}  # product names, written as their makers write them


def backend(code: object) -> str:
    """A detector backend's name ('SSDLite', 'YOLO'), or the code in words (motion only: 仅运动检测)."""
    return BACKENDS.get(str(code), label(code) if code else "—")


def facts(values: dict[str, object]) -> str:
    """A stream's category, place, visibility, state and owner as one caption line."""
    return " · ".join([label(values["category"]), label(values["place_type"]), label(values["visibility"]),
                       t("state {state}", state=label(values["state"])), t("owner {owner}", owner=values["owner"])])


def history(scans: list[tuple], takedowns: list[tuple]) -> str:
    """A stream's recent scans and takedowns as one Markdown line."""
    scan_text = t(", ").join(
        t("{at} {verdict} (peak {peak}, faces {faces})", at=local(at), verdict=label(verdict), peak=peak, faces=faces)
        + (t(", degraded") if degraded else "") for at, _, verdict, peak, faces, degraded in scans) or t("none")
    takedown_text = t(", ").join(
        t("{day} {reason} via {source}", day=local(at, "date"), reason=label(why), source=label(source))
        + (t(" (restored)") if restored else "") for at, why, source, restored in takedowns) or t("none")
    return t("**Stream history** — scans: {scans}; takedowns: {takedowns}", scans=scan_text, takedowns=takedown_text)
