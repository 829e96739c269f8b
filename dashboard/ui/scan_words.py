"""Scan results in the reader's language: the reasons behind a verdict (stored as codes and values) and the flag
facts."""
from __future__ import annotations

from dashboard.messages import N_
from dashboard.ui.formatting import label, local
from dashboard.ui.i18n import t
from detectors.scene import Reason, ReasonCode

MEASURES = {ReasonCode.TRACKS_PER_MINUTE: N_("distinct people per minute"),
            ReasonCode.PEAK_PEOPLE: N_("peak people in frame"),
            ReasonCode.FRAMES_WITH_PEOPLE: N_("share of frames with people")}
FIXED = {ReasonCode.FACES_STAND_IN: N_("person detector unavailable: faces stand in for people, tracks not counted"),
         ReasonCode.NO_FRAMES: N_("no frames")}


def reason(stored: object) -> str:
    """One reason behind a scan's verdict in the reader's language, from its code and values (scene.Reason); a
    plain line (a sticker check's reason) is a catalogue text or stays as written."""
    if not isinstance(stored, dict):
        return t(str(stored))
    code, values = stored.get("code"), stored.get("values") or {}
    if code in MEASURES:
        return f"{t(MEASURES[code])} {values['value']} {Reason(code, values).comparison()} {values['limit']}"
    if code == ReasonCode.CROWD_IN_FRAME:
        span = values.get("span")
        what = t("a still image") if span is None else t("a {span} s window", span=span)
        return t("crowd in frame: {what} cannot show a rate of people passing, but {peak} people are in frame at "
                 "once (≥ {limit})", what=what, peak=values["peak"], limit=values["limit"])
    return t(FIXED[code]) if code in FIXED else str(code)


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
