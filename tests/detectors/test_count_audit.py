"""Count audit: found versus labelled per frame on the project's labelled stills, and the labels file's bad input."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from detectors.count_audit import CountResult, audit_counts, read_counts
from detectors.errors import SourceError
from detectors.pipeline import still_count

COUNTS = Path(__file__).resolve().parents[2] / "data" / "counts"


def test_the_scorer_reports_relative_error_and_people_on_empty_frames(tmp_path):
    for name in ("a", "b", "c"):
        cv2.imwrite(str(tmp_path / f"{name}.png"), np.zeros((8, 8, 3), np.uint8))
    (tmp_path / "counts.csv").write_text("image,count\na.png,4\nb.png,2\nc.png,0\n")
    found = iter([5, 2, 1])
    result = audit_counts(tmp_path, read_counts(tmp_path / "counts.csv"), lambda image: next(found))
    assert result.rows == [("a.png", 4, 5), ("b.png", 2, 2), ("c.png", 0, 1)]
    assert result.mean_relative_error == pytest.approx((0.25 + 0) / 2) and result.false_people == 1
    assert CountResult().mean_relative_error is None


@pytest.mark.parametrize(("text", "problem"), [
    ("image,people\n", "missing column"),
    ("image,count\na.png,three\n", "line 2: count must be a whole number"),
    ("image,count\na.png,-1\n", "line 2: an image name and a count of 0 or more"),
    ("image,count\na.png,1\nb.png,2\na.png,1\n", "line 4: a.png is labelled twice"),
])
def test_bad_count_labels_name_the_line_and_problem(tmp_path, text, problem):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(SourceError, match=problem):
        read_counts(tmp_path / "bad.csv")


def test_people_are_counted_as_they_are_on_the_labelled_stills(ssdlite, faces):
    """Real photos (dlib/PASCAL VOC groups, the parkour walker, person-free animals): within 15% on average, a
    single person never counted twice, nobody found where nobody is."""
    result = audit_counts(COUNTS, read_counts(COUNTS / "stills.csv"),
                          lambda image: still_count(image, persons=ssdlite, faces=faces))
    assert len(result.rows) >= 20
    assert result.mean_relative_error <= 0.15, result.rows
    assert all(found == 1 for image, truth, found in result.rows if truth == 1), result.rows
    assert result.false_people == 0


def test_a_clips_labels_are_compared_with_the_nearest_sample():
    from detectors.count_audit import LabelledCount, audit_clip

    samples = [(0.0, 2), (0.5, 3), (1.0, 5)]
    labels = [LabelledCount("0", 2), LabelledCount("12", 4), LabelledCount("24", 5), LabelledCount("100", 1)]
    result = audit_clip(samples, labels, fps=24, interval=0.5)
    assert result.rows == [("0", 2, 2), ("12", 4, 3), ("24", 5, 5)]  # frame 100 (4.2 s) was never sampled
    assert result.mean_relative_error == pytest.approx(0.25 / 3)
    with pytest.raises(SourceError, match="frame numbers"):
        audit_clip(samples, [LabelledCount("a.png", 1)], fps=24, interval=0.5)


def test_people_are_counted_as_they_are_on_a_real_fixed_camera_walkway(ssdlite, faces):
    """OpenCV's vtest walkway (3-8 people a frame, 40-130 px tall, walking in and out), scanned as production
    scans it: within the issue's 15% on the 20 labelled frames (13.5% measured; 15.8% at a detector threshold of
    0.45, 50% when a carried box stayed where a person had walked off), never more people in a frame than are
    there plus one."""
    _assert_walkway_counted(COUNTS / "opencv_vtest.mp4", ssdlite, faces, within=0.15)


def _assert_walkway_counted(clip: Path, ssdlite, faces, *, within: float) -> None:
    """A clip of the walkway's frames scanned as production scans it: its 20 labelled frames counted within the
    relative error `within`, and never a peak above the most people there plus one."""
    from detectors.count_audit import audit_scan
    from detectors.frames import SamplingPlan
    from detectors.pipeline import ScanConfig, scan_source

    config = ScanConfig(plan=SamplingPlan(every_seconds=0.5), faces_every_frame=False, read_qr=False)
    outcome = scan_source(str(clip), config=config, persons=ssdlite, faces=faces)
    result = audit_scan(clip, outcome.counts, read_counts(COUNTS / "opencv_vtest.csv"), interval=0.5)
    assert len(result.rows) == 20
    assert result.mean_relative_error <= within, result.rows
    assert max(c.people for c in outcome.counts) <= max(truth for _, truth, _ in result.rows) + 1


def test_walkway_frames_taken_as_stills_are_counted_within_15_percent(ssdlite, faces, walkway_stills):
    """The 20 labelled walkway frames as photos (no motion, no tracks): 9.6% today (12.6% before a still's closer
    tiles overlapped), 17.0% before those tiles (walkers of 40-70 px) and the small person's second look in their
    own street; most keep a crowd (14 of
    17: frame 30 kept its crowd of four until a walker cut by a tile's edge was no longer counted twice, which had
    made up for the man hidden by the sign post); nobody counted twice anywhere (at most one over the label)."""
    result = audit_counts(walkway_stills, read_counts(walkway_stills / "counts.csv"),
                          lambda image: still_count(image, persons=ssdlite, faces=faces))
    assert len(result.rows) == 20
    assert result.mean_relative_error <= 0.15, result.rows
    crowds = [found >= 4 for _, truth, found in result.rows if truth >= 4]
    assert sum(crowds) >= 0.8 * len(crowds), result.rows
    assert all(found <= truth + 1 for _, truth, found in result.rows), result.rows


def test_walkway_frames_in_a_1080p_picture_are_counted_within_20_percent(ssdlite, faces, walkway_stills):
    """The same 20 labelled walkway frames, their walkers the same 40-130 px, in the middle of a 1080p picture (an
    HD camera seeing them further away): 12.7% today; 24% when a still's closer tiles were a third of the shorter
    side (360 px, so walkers shrank in them) or met edge to edge (a walker cut by an edge was dropped)."""
    def padded(image: np.ndarray) -> int:
        wide = cv2.copyMakeBorder(image, 252, 252, 576, 576, cv2.BORDER_CONSTANT, value=(128, 128, 128))
        return still_count(wide, persons=ssdlite, faces=faces)

    result = audit_counts(walkway_stills, read_counts(walkway_stills / "counts.csv"), padded)
    assert len(result.rows) == 20
    assert result.mean_relative_error <= 0.2, result.rows
    assert all(found <= truth + 1 for _, truth, found in result.rows), result.rows


def test_the_walkway_seen_by_an_hd_camera_further_away_is_counted_within_25_percent(ssdlite, faces, tmp_path):
    """The walkway's frames in the middle of a 1080p picture (`synthetic.far_away`: walkers the same 40-130 px,
    1/3 of the picture's height or less), scanned as production scans it: 20.6% (32% before the motion cue worked
    on HD frames at the walkway's scale and tiles came on every call; benchmarks/hd_counts.py has the other
    placements and 720p), and never a peak above the most people there plus one. (Frame 390 is counted 6 where
    4 walk: a walker's box carried after he left, and a man boxed twice by a tile and a closer look.)"""
    from detectors.synthetic import far_away, made_over_clip

    clip = made_over_clip(COUNTS / "opencv_vtest.mp4", tmp_path / "hd.mp4", far_away((1920, 1080)), seed=3,
                          end=600)  # the labels end at frame 570
    _assert_walkway_counted(clip, ssdlite, faces, within=0.25)


def test_the_walkway_at_night_is_counted_within_35_percent(ssdlite, faces, tmp_path):
    """The walkway as a camera's night mode shows it (`synthetic.night_ir`: grey, contrast squeezed, grain of 6
    levels), scanned as production scans it: 27% since the tracking look smooths the grain keeping edges (43%
    with the light blur photos keep: walkers shrunk to the 300-px look broke up into grain and were missed), and
    never a peak above the most people there plus one."""
    from detectors.synthetic import made_over_clip, night_ir

    clip = made_over_clip(COUNTS / "opencv_vtest.mp4", tmp_path / "night.mp4", night_ir, seed=7, end=600)
    _assert_walkway_counted(clip, ssdlite, faces, within=0.35)
