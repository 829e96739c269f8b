"""Robustness audit: head cover, over-blur and counts on the labelled sets as other cameras would show them (night
mode, dusk, a starved JPEG stream, soft focus), with what the detectors are shown conditioned (today) and not.

Usage: python benchmarks/robustness_audit.py [--conditions night_ir dusk ...] [--no-clip]
Every labelled photo (data/heads/heads.csv and its person-free images, data/counts/stills.csv) and the labelled
walkway clip (data/counts/opencv_vtest.mp4) is made over by detectors/synthetic.py's CONDITIONS (seeded) and
audited as `audit-blur` and `audit-count` audit: cover scored on the anonymised output, counts as production
scans count. Daylight is the sets as they are. The clip takes about a minute a row on two cores.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import load_settings  # noqa: E402
from dashboard.services.scanning.scans import scan_config  # noqa: E402
from detectors.blur_audit import audit, person_free_images, read_labels  # noqa: E402
from detectors.count_audit import audit_clip, audit_counts, read_counts  # noqa: E402
from detectors.faces import load_face_detector  # noqa: E402
from detectors.persons.ssdlite import load_ssdlite  # noqa: E402
from detectors.pipeline import scan_source, still_count  # noqa: E402
from detectors.redact import cover_frame  # noqa: E402
from detectors.synthetic import CONDITIONS  # noqa: E402

DATA = ROOT / "data"
CLIP = DATA / "counts" / "opencv_vtest.mp4"
CONDITIONED_IN = ("detectors.persons.base", "detectors.persons.ssdlite", "detectors.persons.yolo",
                  "detectors.second_look")


@contextlib.contextmanager
def unconditioned() -> Iterator[None]:
    """The detectors shown the pictures as they are (before conditioning)."""
    with contextlib.ExitStack() as stack:
        for module in CONDITIONED_IN:
            stack.enter_context(mock.patch(f"{module}.conditioned", lambda image: image))
        stack.enter_context(mock.patch("detectors.motion.SteadyConditioner", lambda: lambda image: image))
        yield


def _made_over(make: Callable, folder: Path) -> Path:
    """The data folder's labelled photos made over into folder (same names and layout)."""
    rng = np.random.default_rng(7)
    for source in sorted(p for p in DATA.rglob("*") if p.suffix.lower() in {".jpg", ".png"}):
        target = folder / source.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(target), make(cv2.imread(str(source)), rng), [cv2.IMWRITE_JPEG_QUALITY, 97])
    return folder


def _clip_made_over(make: Callable, target: Path) -> Path:
    capture = cv2.VideoCapture(str(CLIP))
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), capture.get(cv2.CAP_PROP_FPS), size)
    rng = np.random.default_rng(7)
    while (frame := capture.read())[0]:
        writer.write(make(frame[1], rng))
    writer.release()
    capture.release()
    return target


@dataclass(frozen=True)
class Labels:
    """The labelled sets, read once: heads, still counts, the walkway clip's counts."""

    heads: list = field(default_factory=lambda: read_labels(DATA / "heads" / "heads.csv"))
    stills: list = field(default_factory=lambda: read_counts(DATA / "counts" / "stills.csv"))
    clip: list = field(default_factory=lambda: read_counts(CLIP.with_suffix(".csv")))


def clip_error(clip: Path, labels: list, persons, faces) -> float:
    """The walkway clip scanned as production scans it: mean relative count error on its labelled frames."""
    settings = load_settings(demo_mode=True)
    outcome = scan_source(str(clip), config=scan_config(settings, check_stickers=True), persons=persons, faces=faces)
    fps = (capture := cv2.VideoCapture(str(clip))).get(cv2.CAP_PROP_FPS)
    capture.release()
    counted = audit_clip([(c.t_seconds, c.people) for c in outcome.counts], labels, fps=fps,
                         interval=settings.sample_every_seconds)
    return counted.mean_relative_error


def _row(root: Path, clip: Path | None, labels: Labels, persons, faces) -> str:
    cover = audit(root / "heads", labels.heads, lambda image: cover_frame(image, persons=persons, faces=faces),
                  negatives=person_free_images(root / "heads" / "no_people"))
    over = cover.over_blur or [0.0]
    stills = audit_counts(root / "counts", labels.stills,
                          lambda image: still_count(image, persons=persons, faces=faces))
    cells = [f"{cover.share(k):.2f}" for k in ("all", "< 24 px", "back", "profile")]
    cells += [f"{np.mean(over):.2%}", f"{max(over):.2%}", f"{stills.mean_relative_error:.1%}"]
    if clip is not None:
        cells.append(f"{clip_error(clip, labels.clip, persons, faces):.1%}")
    return " ".join(f"{c:>8}" for c in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conditions", nargs="+", choices=["daylight", *CONDITIONS],
                        default=["daylight", *CONDITIONS])
    parser.add_argument("--no-clip", action="store_true", help="leave out the walkway clip (a minute a row)")
    args = parser.parse_args()
    faces, labels = load_face_detector(), Labels()
    print(f"{'condition, what the detector is shown':<40} {'cover':>8} {'< 24 px':>8} {'back':>8} {'profile':>8} "
          f"{'over':>8} {'worst':>8} {'stills':>8}" + ("" if args.no_clip else f" {'walkway':>8}"))
    with tempfile.TemporaryDirectory() as folder:
        persons = load_ssdlite(cache_dir=Path(folder) / "models")
        for name in args.conditions:
            make = CONDITIONS.get(name)
            root = DATA if make is None else _made_over(make, Path(folder) / name)
            clip = None if args.no_clip else (
                CLIP if make is None else _clip_made_over(make, Path(folder) / f"{name}.mp4"))
            for shown, context in (("as it is", unconditioned), ("conditioned", contextlib.nullcontext)):
                with context():
                    print(f"{name + ', ' + shown:<40} {_row(root, clip, labels, persons, faces)}", flush=True)


if __name__ == "__main__":
    main()
