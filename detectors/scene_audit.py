"""Scene audit: the verdict a production scan gives each labelled clip or photo, and the F1 of its flags."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from detectors.blur_audit import labelled_rows
from detectors.errors import SourceError
from detectors.scene import CLEAR, CROWD_IN_FRAME, FOOT_TRAFFIC

COLUMNS = ("source", "verdict")
VERDICTS = (FOOT_TRAFFIC, CROWD_IN_FRAME, CLEAR)
FLAGGED = frozenset({FOOT_TRAFFIC, CROWD_IN_FRAME})  # verdicts that put the stream before a reviewer
Verdict = Callable[[Path], str]  # a clip, photo or snapshot folder -> the verdict a scan gives it


@dataclass(frozen=True)
class LabelledScene:
    """A clip, photo or snapshot folder as the labels name it, where it is (against the labels file's folder),
    and its true verdict."""

    name: str
    source: Path
    verdict: str


@dataclass(frozen=True)
class Agreement:
    """Precision, recall and F1 of one kind of flag over the audited scenes."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        """Flags raised that were right (None when nothing was flagged)."""
        raised = self.true_positives + self.false_positives
        return self.true_positives / raised if raised else None

    @property
    def recall(self) -> float | None:
        """Scenes that should be flagged and were (None when none should be)."""
        due = self.true_positives + self.false_negatives
        return self.true_positives / due if due else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (None when there is nothing to score)."""
        scored = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / scored if scored else None


@dataclass
class SceneResult:
    """Labelled versus found verdict per scene."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # source, labelled, found

    def agreement(self, flagged: frozenset[str]) -> Agreement:
        """How the verdicts in `flagged` agree with the labels, scene by scene."""
        pairs = [(truth in flagged, found in flagged) for _, truth, found in self.rows]
        return Agreement(true_positives=sum(t and f for t, f in pairs),
                         false_positives=sum(f and not t for t, f in pairs),
                         false_negatives=sum(t and not f for t, f in pairs))

    @property
    def foot_traffic(self) -> Agreement:
        """Foot-traffic verdicts (the ones that suspend a public stream) against the labels."""
        return self.agreement(frozenset({FOOT_TRAFFIC}))

    @property
    def flagged(self) -> Agreement:
        """Any flag that reaches a reviewer (foot traffic or a crowd in a still) against the labels."""
        return self.agreement(FLAGGED)

    @property
    def exact(self) -> int:
        """Scenes given exactly their labelled verdict."""
        return sum(truth == found for _, truth, found in self.rows)


def read_scenes(path: Path) -> list[LabelledScene]:
    """Scenes from a CSV with columns source,verdict; a bad, missing or repeated source is an error naming its line."""
    scenes: dict[Path, LabelledScene] = {}
    for line, row in labelled_rows(path, COLUMNS):
        name, verdict = (row["source"] or "").strip(), (row["verdict"] or "").strip()
        if not name or verdict not in VERDICTS:
            raise SourceError(str(path), f"line {line}: a source and a verdict ({', '.join(VERDICTS)}) are needed")
        source = path.parent / name
        if not source.exists():
            raise SourceError(str(path), f"line {line}: {name} does not exist beside the labels file")
        if source in scenes:
            raise SourceError(str(path), f"line {line}: {name} is labelled twice")
        scenes[source] = LabelledScene(name, source, verdict)
    return list(scenes.values())


def audit_scenes(labels: list[LabelledScene], verdict_of: Verdict,
                 on_scene: Callable[[], None] | None = None) -> SceneResult:
    """Every labelled scene's verdict (verdict_of scans it as production would) beside its label."""
    result = SceneResult()
    for label in labels:
        result.rows.append((label.name, label.verdict, verdict_of(label.source)))
        if on_scene:
            on_scene()
    return result
