"""Count audit: people found versus people labelled, frame by frame, scored on what a scan would count."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detectors.blur_audit import labelled_rows, load_labelled
from detectors.errors import SourceError
from detectors.frames import video_fps

COLUMNS = ("image", "count")
Counter = Callable[[np.ndarray], int]  # image -> people a scan counts in it


@dataclass(frozen=True)
class LabelledCount:
    """One labelled frame: an image file of a folder, or a frame number of a video, and its true people count."""

    image: str
    count: int


@dataclass
class CountResult:
    """Found versus labelled per frame, and the errors that summarise them."""

    rows: list[tuple[str, int, int]] = field(default_factory=list)  # image, labelled, found

    @property
    def mean_relative_error(self) -> float | None:
        """Mean of |found - labelled| / labelled over frames with people (None without any)."""
        errors = [abs(found - truth) / truth for _, truth, found in self.rows if truth > 0]
        return float(np.mean(errors)) if errors else None

    @property
    def false_people(self) -> int:
        """People found on frames labelled empty."""
        return sum(found for _, truth, found in self.rows if truth == 0)


def read_counts(path: Path) -> list[LabelledCount]:
    """Counts from a CSV with columns image,count; a bad or repeated row is an error naming its line."""
    labels: dict[str, LabelledCount] = {}
    for line, row in labelled_rows(path, COLUMNS):
        name = (row["image"] or "").strip()
        try:
            count = int(row["count"])
        except (TypeError, ValueError):
            raise SourceError(str(path), f"line {line}: count must be a whole number") from None
        if not name or count < 0:
            raise SourceError(str(path), f"line {line}: an image name and a count of 0 or more are needed")
        if name in labels:
            raise SourceError(str(path), f"line {line}: {name} is labelled twice")
        labels[name] = LabelledCount(name, count)
    return list(labels.values())


def audit_counts(source: Path, labels: list[LabelledCount], count: Counter,
                 on_image: Callable[[], None] | None = None) -> CountResult:
    """Count the people of every labelled frame as a scan would, beside the label."""
    result = CountResult()
    for label in labels:
        result.rows.append((label.image, label.count, count(load_labelled(source, label.image))))
        if on_image:
            on_image()
    return result


def audit_scan(clip: Path, counts: list, labels: list[LabelledCount], *, interval: float) -> CountResult:
    """A scan's counts of a video file (each with t_seconds and people) beside its frame-numbered labels."""
    return audit_clip([(c.t_seconds, c.people) for c in counts], labels, fps=video_fps(clip), interval=interval)


def audit_clip(counts: list[tuple[float, int]], labels: list[LabelledCount], *, fps: float,
               interval: float) -> CountResult:
    """A scan's per-sample counts (time, people) beside labels that name frame numbers of the clip; a label
    between two samples is compared with the nearest one within half the sampling interval (others are left out)."""
    result = CountResult()
    for label in labels:
        if not label.image.isdigit():
            raise SourceError(label.image, "a clip's labels name frame numbers")
        at = int(label.image) / fps
        nearest = min(counts, key=lambda c: abs(c[0] - at), default=None)
        if nearest is not None and abs(nearest[0] - at) <= interval / 2:
            result.rows.append((label.image, label.count, nearest[1]))
    return result
