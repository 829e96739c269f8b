"""Scene scorer: is this a public foot-traffic scene? Returns the verdict with the numbers behind it."""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from enum import StrEnum

FOOT_TRAFFIC = "public_foot_traffic"
CLEAR = "clear"
UNKNOWN = "unknown"
CROWD_IN_FRAME = "crowd_in_frame"
MIN_WINDOW_MINUTES = 1.0
MIN_RATE_SECONDS = 20.0  # a shorter window (or a still) cannot show a rate of people passing


@dataclass(frozen=True)
class FrameCounts:
    """What one sampled frame showed: people in frame (persons or faces, whichever is more), track ids, faces."""

    t_seconds: float
    people: int
    track_ids: tuple[int, ...] = ()
    faces: int = 0


@dataclass(frozen=True)
class Thresholds:
    """All three must be crossed for a foot-traffic verdict (defaults chosen on the sample clips)."""

    tracks_per_minute: float = 6.0
    peak_people: int = 4
    frames_with_people: float = 0.5


class ReasonCode(StrEnum):
    """The reasons a verdict can rest on (stored with a scan; the console words them in the reader's language)."""

    TRACKS_PER_MINUTE = "tracks_per_minute"
    PEAK_PEOPLE = "peak_people"
    FRAMES_WITH_PEOPLE = "frames_with_people"
    FACES_STAND_IN = "faces_stand_in"
    NO_FRAMES = "no_frames"
    CROWD_IN_FRAME = "crowd_in_frame"


REASON_TEXTS = {  # each reason's English sentence (logs, the CLI); the console says a reason by its code
    ReasonCode.TRACKS_PER_MINUTE: "distinct people per minute {value} {op} {limit}",
    ReasonCode.PEAK_PEOPLE: "peak people in frame {value} {op} {limit}",
    ReasonCode.FRAMES_WITH_PEOPLE: "share of frames with people {value} {op} {limit}",
    ReasonCode.FACES_STAND_IN: "person detector unavailable: faces stand in for people, tracks not counted",
    ReasonCode.NO_FRAMES: "no frames",
    ReasonCode.CROWD_IN_FRAME: "crowd in frame: {what} cannot show a rate of people passing, but {peak} people are "
                               "in frame at once (≥ {limit})",
}
CHECKS = (ReasonCode.TRACKS_PER_MINUTE, ReasonCode.PEAK_PEOPLE, ReasonCode.FRAMES_WITH_PEOPLE)  # value vs limit


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict: a code and its values (stored so; the reader's language is chosen on display).
    A check's values are value and limit; a crowd in frame's are peak, limit and span (seconds; None: a still)."""

    code: str
    values: dict[str, object] = field(default_factory=dict)

    def comparison(self) -> str:
        """A check's sign: '≥' when the value reached its limit, else '<'."""
        return "≥" if self.values["value"] >= self.values["limit"] else "<"

    def text(self) -> str:
        """The reason as an English sentence."""
        values = dict(self.values)
        if self.code in CHECKS:
            values["op"] = self.comparison()
        if self.code == ReasonCode.CROWD_IN_FRAME:
            values["what"] = "a still image" if values.get("span") is None else f"a {values['span']} s window"
        return REASON_TEXTS[self.code].format(**values)

    def stored(self) -> dict[str, object]:
        """The JSON-ready form kept with a scan and its flags (NumPy numbers as plain ones)."""
        return {"code": self.code, "values": {k: v.item() if hasattr(v, "item") else v for k, v in self.values.items()}}


@dataclass
class SceneScore:
    """The verdict and every number that decided it."""

    verdict: str
    frames: int
    people_peak: int
    tracks_per_minute: float | None
    frames_with_people: float
    median_dwell_seconds: float | None
    faces_total: int
    faces_peak: int
    degraded: bool
    thresholds: Thresholds
    reasons: list[Reason] = field(default_factory=list)

    def reason_texts(self) -> list[str]:
        """The reasons as English sentences."""
        return [reason.text() for reason in self.reasons]

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return asdict(self)


MIN_TRACK_FRAMES = 2  # a track seen once is a flicker or an id switch, not a person passing


def _dwell(counts: list[FrameCounts], interval: float) -> tuple[int, float | None]:
    seen: dict[int, list[float]] = {}
    for frame in counts:
        for track in frame.track_ids:
            seen.setdefault(track, []).append(frame.t_seconds)
    if len(counts) >= MIN_TRACK_FRAMES:
        seen = {track: times for track, times in seen.items() if len(times) >= MIN_TRACK_FRAMES}
    if not seen:
        return 0, None
    return len(seen), statistics.median(max(ts) - min(ts) + interval for ts in seen.values())


def score(counts: list[FrameCounts], *, thresholds: Thresholds, interval_seconds: float,
          person_detector: bool = True, still: bool = False) -> SceneScore:
    """Score a scan window; without the person detector, faces stand in for people and tracks are unknown.

    A still (snapshots, a photo) or a clip shorter than MIN_RATE_SECONDS that does not cross every threshold
    but shows at least the peak number of people is a crowd in frame: it goes to a reviewer, never clear.
    """
    if not counts:
        return SceneScore(UNKNOWN, 0, 0, None, 0.0, None, 0, 0, not person_detector, thresholds,
                          [Reason(ReasonCode.NO_FRAMES)])
    people = [c.people for c in counts]
    # A rate over a few seconds is noise (one man in a 4 s clip is "15 people a minute"): at least one minute.
    duration_min = max(MIN_WINDOW_MINUTES, (counts[-1].t_seconds - counts[0].t_seconds + interval_seconds) / 60)
    distinct, dwell = _dwell(counts, interval_seconds) if person_detector else (0, None)
    per_minute = round(distinct / duration_min, 2) if person_detector else None
    share = round(sum(1 for p in people if p > 0) / len(counts), 3)
    result = SceneScore(CLEAR, len(counts), max(people), per_minute, share, dwell,
                        sum(c.faces for c in counts), max(c.faces for c in counts), not person_detector, thresholds)
    checks = [(ReasonCode.PEAK_PEOPLE, result.people_peak, thresholds.peak_people),
              (ReasonCode.FRAMES_WITH_PEOPLE, share, thresholds.frames_with_people)]
    if person_detector:
        checks.insert(0, (ReasonCode.TRACKS_PER_MINUTE, per_minute, thresholds.tracks_per_minute))
    else:
        result.reasons.append(Reason(ReasonCode.FACES_STAND_IN))
    result.reasons += [Reason(code, {"value": value, "limit": limit}) for code, value, limit in checks]
    span = counts[-1].t_seconds - counts[0].t_seconds + interval_seconds
    if not still and all(value >= limit for _, value, limit in checks):
        result.verdict = FOOT_TRAFFIC
    elif (still or span < MIN_RATE_SECONDS) and result.people_peak >= thresholds.peak_people:
        result.verdict = CROWD_IN_FRAME
        result.reasons.append(Reason(ReasonCode.CROWD_IN_FRAME, {"peak": result.people_peak,
                                                                 "limit": thresholds.peak_people,
                                                                 "span": None if still else round(span)}))
    return result
