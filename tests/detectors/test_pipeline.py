"""The whole pipeline on real clips: CenterFace for real, YOLO built by the tests, anonymised evidence only."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from detectors.frames import SamplingPlan, frames
from detectors.persons.yolo import load_yolo
from detectors.pipeline import ScanConfig, scan_source
from detectors.scene import CLEAR, FOOT_TRAFFIC


def _config(**plan) -> ScanConfig:
    return ScanConfig(plan=SamplingPlan(every_seconds=0.5, **plan))


@pytest.mark.parametrize(("clip", "verdict"), [
    ("davis_breakdance.mp4", FOOT_TRAFFIC), ("davis_parkour.mp4", CLEAR),
    ("davis_libby.mp4", CLEAR), ("davis_cows.mp4", CLEAR),
])
def test_degraded_mode_verdicts_on_sample_clips(media, faces, clip, verdict):
    outcome = scan_source(str(media / clip), config=_config(), persons=None, faces=faces)
    assert outcome.score.verdict == verdict, outcome.score.reasons
    assert outcome.score.degraded and outcome.detectors["persons"] is None


def test_evidence_is_written_only_anonymised(media, faces, tmp_path):
    source = str(media / "davis_breakdance.mp4")
    outcome = scan_source(source, config=_config(), persons=None, faces=faces, evidence_dir=tmp_path)
    assert 1 <= len(outcome.evidence) <= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for _, p in outcome.evidence)
    raw = {f.index: f.image for f in frames(source, SamplingPlan(every_seconds=0.5))}
    for index, path in outcome.evidence:
        written = cv2.imread(str(path)).astype(int)
        for face in faces.detect(raw[index]):
            x1, y1, x2, y2 = (int(v) for v in (face.x1, face.y1, face.x2, face.y2))
            # Pixelated faces lose their detail: far from the raw pixels, unlike JPEG noise elsewhere.
            assert np.abs(written[y1:y2, x1:x2] - raw[index][y1:y2, x1:x2].astype(int)).mean() > 4
        background = np.abs(written[:40, :200] - raw[index][:40, :200].astype(int)).mean()
        assert background < 4


def test_pipeline_with_real_yolo_model(media, faces, yolo_weights):
    persons = load_yolo(yolo_weights)
    progress = []
    outcome = scan_source(str(media / "davis_parkour.mp4"), config=_config(), persons=persons, faces=faces,
                          on_frame=progress.append)
    assert progress == list(range(9)) and len(outcome.counts) == 9
    assert not outcome.score.degraded and outcome.detectors["persons"].startswith("yolo (yolo11n-random.pt")
    assert outcome.score.tracks_per_minute is not None
    assert all(outcome.timings[stage] > 0 for stage in ("decode", "persons", "faces"))


@pytest.mark.parametrize(("clip", "verdict"), [
    ("davis_breakdance.mp4", FOOT_TRAFFIC), ("davis_parkour.mp4", CLEAR),
    ("davis_libby.mp4", CLEAR), ("davis_cows.mp4", CLEAR),
])
def test_offline_detector_verdicts_on_sample_clips(media, faces, ssdlite, clip, verdict):
    config = ScanConfig(plan=SamplingPlan(every_seconds=0.5), faces_every_frame=False, read_qr=False)
    outcome = scan_source(str(media / clip), config=config, persons=ssdlite, faces=faces)
    assert outcome.score.verdict == verdict, outcome.score.reasons
    assert not outcome.score.degraded and outcome.detectors["persons"] == "ssdlite"


def test_fixed_camera_walkers_are_foot_traffic_and_an_empty_street_is_clear(faces, ssdlite, tmp_path):
    from detectors.synthetic import Scene, render

    config = ScanConfig(plan=SamplingPlan(every_seconds=0.5, max_frames=120), faces_every_frame=False, read_qr=False)
    busy = scan_source(str(render(Scene(walkers=9, seconds=40, seed=5), tmp_path / "busy.mp4")), config=config,
                       persons=ssdlite, faces=faces)
    empty = scan_source(str(render(Scene(walkers=0, seconds=40, seed=5), tmp_path / "empty.mp4")), config=config,
                        persons=ssdlite, faces=faces)
    assert busy.score.verdict == FOOT_TRAFFIC, busy.score.reasons
    assert empty.score.verdict == CLEAR and empty.score.people_peak == 0
    # Motion gating: with nothing moving but foliage, the detector runs far less often than once per frame.
    assert empty.detector_runs < len(empty.counts) / 3 < busy.detector_runs


def test_motion_backend_counts_walkers_without_any_model(faces, tmp_path):
    from detectors.persons.motion_only import MotionOnlyDetector
    from detectors.synthetic import Scene, render

    config = ScanConfig(plan=SamplingPlan(every_seconds=0.5), faces_every_frame=False, read_qr=False)
    outcome = scan_source(str(render(Scene(walkers=6, seconds=30, seed=2), tmp_path / "walk.mp4")), config=config,
                          persons=MotionOnlyDetector(), faces=faces)
    assert outcome.detectors["persons"] == "motion" and outcome.detector_runs == 0
    assert outcome.score.people_peak >= 1 and outcome.score.tracks_per_minute >= 3


@pytest.mark.parametrize("photo", ["skimage_astronaut.jpg", "skimage_camera.jpg"])
def test_one_person_on_camera_is_one_person_in_a_clip(faces, ssdlite, tmp_path, photo):
    """A portrait filmed by a slightly shaking camera: SSDLite also boxes the helmet she holds (the camera at his
    eye), a box nested in the person's; the faces looked for where boxes nest make it a part of them, not a
    second person (peak 2 before)."""
    from pathlib import Path

    image = cv2.imread(str(Path(__file__).resolve().parents[2] / "data" / "heads" / photo))
    clip = tmp_path / "portrait.mp4"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"mp4v"), 10, image.shape[1::-1])
    for i in range(100):  # 10 s, a sway of up to 3 px
        shift = np.float32([[1, 0, round(3 * np.sin(i / 7))], [0, 1, 0]])
        writer.write(cv2.warpAffine(image, shift, image.shape[1::-1], borderMode=cv2.BORDER_REFLECT))
    writer.release()
    config = ScanConfig(plan=SamplingPlan(every_seconds=0.5), faces_every_frame=False, read_qr=False)  # production
    outcome = scan_source(str(clip), config=config, persons=ssdlite, faces=faces)
    assert max(c.people for c in outcome.counts) == 1, [c.people for c in outcome.counts]


def test_a_photos_evidence_covers_the_people_its_thorough_look_found_without_looking_again(
        faces, ssdlite, walkway_stills, tmp_path, monkeypatch):
    """A walkway photo (four labelled heads, one a 36-px walker only the closer tiles find): the person detector's
    thorough look runs once, and the evidence frame still has every labelled head covered."""
    import csv

    from detectors.blur_audit import COVERED_SHARE, removed_share

    looks = []
    thorough = ssdlite.detect_thorough
    monkeypatch.setattr(ssdlite, "detect_thorough", lambda image, **how: looks.append(1) or thorough(image, **how))
    photo = walkway_stills / "opencv_vtest_0135.png"
    outcome = scan_source(str(photo), config=ScanConfig(read_qr=False), persons=ssdlite, faces=faces,
                          evidence_dir=tmp_path)
    assert len(looks) == 1 and len(outcome.evidence) == 1
    original, evidence = cv2.imread(str(photo)), cv2.imread(str(outcome.evidence[0][1]))
    heads = [row for row in csv.DictReader((walkway_stills / "heads.csv").open()) if row["image"] == photo.name]
    assert heads
    for row in heads:
        box = tuple(int(row[k]) for k in ("x1", "y1", "x2", "y2"))
        assert removed_share(original, evidence, box) >= COVERED_SHARE, row
