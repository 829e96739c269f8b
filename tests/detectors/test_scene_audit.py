"""Scene audit: verdicts beside labels, the F1 of flags, the labels file's bad input, and real scans."""
from __future__ import annotations

from pathlib import Path

import pytest

from detectors.errors import SourceError
from detectors.frames import SamplingPlan
from detectors.pipeline import ScanConfig, scan_source
from detectors.scene import CLEAR, CROWD_IN_FRAME, FOOT_TRAFFIC
from detectors.scene_audit import Agreement, audit_scenes, read_scenes

DATA = Path(__file__).resolve().parents[2] / "data"


def _labels(folder: Path, text: str, files: tuple[str, ...] = ("a.mp4", "b.mp4", "c.jpg")) -> Path:
    for name in files:
        (folder / name).write_bytes(b"")
    (folder / "scenes.csv").write_text(text)
    return folder / "scenes.csv"


def test_verdicts_are_kept_beside_their_labels_in_order(tmp_path):
    path = _labels(tmp_path, f"source,verdict\na.mp4,{FOOT_TRAFFIC}\nb.mp4,{CLEAR}\nc.jpg,{CROWD_IN_FRAME}\n")
    found = {"a.mp4": FOOT_TRAFFIC, "b.mp4": FOOT_TRAFFIC, "c.jpg": CLEAR}
    seen = []
    result = audit_scenes(read_scenes(path), lambda source: found[source.name], on_scene=lambda: seen.append(1))
    assert all(label.source == tmp_path / label.name for label in read_scenes(path))
    assert result.rows == [("a.mp4", FOOT_TRAFFIC, FOOT_TRAFFIC), ("b.mp4", CLEAR, FOOT_TRAFFIC),
                           ("c.jpg", CROWD_IN_FRAME, CLEAR)]
    assert len(seen) == 3 and result.exact == 1
    assert result.foot_traffic == Agreement(true_positives=1, false_positives=1, false_negatives=0)
    assert result.flagged == Agreement(true_positives=1, false_positives=1, false_negatives=1)


@pytest.mark.parametrize(("agreement", "precision", "recall", "f1"), [
    (Agreement(9, 0, 1), 1.0, 0.9, 18 / 19),
    (Agreement(3, 1, 0), 0.75, 1.0, 6 / 7),
    (Agreement(0, 2, 0), 0.0, None, 0.0),  # nothing should have been flagged, two were
    (Agreement(0, 0, 0), None, None, None),  # nothing to score
])
def test_precision_recall_and_f1(agreement, precision, recall, f1):
    assert (agreement.precision, agreement.recall, agreement.f1) == (
        pytest.approx(precision) if precision is not None else None,
        pytest.approx(recall) if recall is not None else None, pytest.approx(f1) if f1 is not None else None)


@pytest.mark.parametrize(("text", "problem"), [
    ("clip,verdict\n", "missing column"),
    ("source,verdict\na.mp4,busy\n", "line 2: a source and a verdict"),
    ("source,verdict\n,clear\n", "line 2: a source and a verdict"),
    ("source,verdict\na.mp4,clear\nmissing.mp4,clear\n", "line 3: missing.mp4 does not exist"),
    ("source,verdict\na.mp4,clear\nb.mp4,clear\na.mp4,clear\n", "line 4: a.mp4 is labelled twice"),
])
def test_bad_scene_labels_name_the_line_and_problem(tmp_path, text, problem):
    with pytest.raises(SourceError, match=problem):
        read_scenes(_labels(tmp_path, text))


def test_the_projects_scene_labels_read_and_agree_with_the_still_counts():
    """data/scenes.csv: a still is a crowd exactly where stills.csv labels four or more people."""
    from detectors.count_audit import read_counts

    scenes = {s.source.resolve(): s.verdict for s in read_scenes(DATA / "scenes.csv")}
    counts = {(DATA / "counts" / c.image).resolve(): c.count for c in read_counts(DATA / "counts" / "stills.csv")}
    assert set(counts) <= set(scenes) and len(scenes) - len(counts) >= 6  # every labelled still, and the clips
    assert all((scenes[path] == CROWD_IN_FRAME) == (count >= 4) for path, count in counts.items())


def test_real_scans_of_clips_and_photos_get_their_labelled_verdicts(ssdlite, faces, tmp_path):
    """Foot traffic on the real walkway's last 19.5 s, a dog's garden clear, a restaurant group of six a crowd."""
    rows = (f"counts/opencv_vtest_tail.mp4,{FOOT_TRAFFIC}\nmedia/davis_libby.mp4,{CLEAR}\n"
            f"media/dlib_voc_2008_002470.jpg,{CROWD_IN_FRAME}\nmedia/davis_goat_00045.jpg,{CLEAR}\n")
    labels = tmp_path / "scenes.csv"
    labels.write_text("source,verdict\n" + "".join(f"{DATA}/{row}\n" for row in rows.splitlines()))

    def verdict(source: Path) -> str:  # the plan learns it is a still from the source
        config = ScanConfig(plan=SamplingPlan(every_seconds=0.5))
        return scan_source(str(source), config=config, persons=ssdlite, faces=faces).score.verdict

    result = audit_scenes(read_scenes(labels), verdict)
    assert result.exact == 4, result.rows
    assert result.foot_traffic.f1 == 1.0 and result.flagged.f1 == 1.0
