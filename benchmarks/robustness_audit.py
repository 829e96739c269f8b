"""Robustness audit: head cover, over-blur, counts and scene verdicts on the labelled sets as other cameras would
show them (night mode, dusk, a starved JPEG stream, soft focus, 2.5 times and half the resolution), with what the
detectors are shown conditioned (today) and not (one row, "either", where no picture of a condition is conditioned).

Usage: python benchmarks/robustness_audit.py [--conditions night_ir dusk hd_2.5x ...] [--no-clip]
Every labelled photo (data/heads/heads.csv and its person-free images, data/counts/stills.csv) and the labelled
walkway clip (data/counts/opencv_vtest.mp4), with the clips and photos of data/scenes.csv, is made over by
detectors/synthetic.py's CONDITIONS and RESOLUTIONS (seeded; head labels resized with the pictures) and audited
as `audit-blur`, `audit-count` and `audit-scenes` audit: cover scored on the anonymised output, counts as
production scans count, verdicts as production gives them (F1 of foot traffic, and of every flag that reaches a
reviewer). Daylight is the sets as they are. The clips and scenes take two to four minutes a row on two cores.
"""
from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from unittest import mock

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import load_settings  # noqa: E402
from dashboard.services.scanning.scans import scan_config  # noqa: E402
from detectors.blur_audit import audit, person_free_images, read_labels  # noqa: E402
from detectors.conditioning import conditioned  # noqa: E402
from detectors.count_audit import audit_counts, audit_scan, read_counts  # noqa: E402
from detectors.faces import load_face_detector  # noqa: E402
from detectors.persons.ssdlite import load_ssdlite  # noqa: E402
from detectors.pipeline import scan_source, still_count  # noqa: E402
from detectors.redact import cover_frame  # noqa: E402
from detectors.scene_audit import audit_scenes, read_scenes  # noqa: E402
from detectors.synthetic import CONDITIONS, RESOLUTIONS, made_over_clip, resized  # noqa: E402

DATA = ROOT / "data"
CLIP = Path("counts") / "opencv_vtest.mp4"  # the labelled walkway clip, under the data folder or its made-over copy
SCENES = DATA / "scenes.csv"
SETTINGS = load_settings(demo_mode=True)
CONDITIONED_IN = ("detectors.persons.base", "detectors.persons.ssdlite", "detectors.persons.yolo",
                  "detectors.second_look")


@contextlib.contextmanager
def unconditioned() -> Iterator[None]:
    """The detectors shown the pictures as they are (before conditioning)."""
    with contextlib.ExitStack() as stack:
        for module in CONDITIONED_IN:
            stack.enter_context(mock.patch(f"{module}.conditioned", lambda image, **_: image))
        stack.enter_context(mock.patch("detectors.motion.SteadyConditioner", lambda: lambda image: image))
        yield


def _made_over(make: Callable, folder: Path, *, clips: bool) -> Path:
    """The data folder's labelled photos (and clips) made over into folder (same names and layout)."""
    rng = np.random.default_rng(7)
    for source in sorted(p for p in DATA.rglob("*") if p.suffix.lower() in {".jpg", ".png"}):
        target = folder / source.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(target), make(cv2.imread(str(source)), rng), [cv2.IMWRITE_JPEG_QUALITY, 97])
    for source in sorted(DATA.rglob("*.mp4")) if clips else []:
        made_over_clip(source, folder / source.relative_to(DATA), make)
    shutil.copy(SCENES, folder / SCENES.name)
    return folder


@dataclass(frozen=True)
class Labels:
    """The labelled sets, read once: heads, still counts, the walkway clip's counts."""

    heads: list = field(default_factory=lambda: read_labels(DATA / "heads" / "heads.csv"))
    stills: list = field(default_factory=lambda: read_counts(DATA / "counts" / "stills.csv"))
    clip: list = field(default_factory=lambda: read_counts((DATA / CLIP).with_suffix(".csv")))

    def at(self, factor: float) -> Labels:
        """The labels of the sets resized by factor: head boxes scale with the pictures, counts do not."""
        return replace(self, heads=[replace(h, box=h.box.scaled(factor)) for h in self.heads])


def _scanned(source: Path, persons, faces):
    """A clip or photo scanned as production scans it."""
    return scan_source(str(source), config=scan_config(SETTINGS, check_stickers=True), persons=persons, faces=faces)


def clip_error(clip: Path, labels: list, persons, faces) -> float:
    """The walkway clip scanned as production scans it: mean relative count error on its labelled frames."""
    outcome = _scanned(clip, persons, faces)
    return audit_scan(clip, outcome.counts, labels, interval=SETTINGS.sample_every_seconds).mean_relative_error


def scene_f1(root: Path, persons, faces) -> tuple[float | None, float | None]:
    """F1 of foot-traffic verdicts and of every flag for a reviewer on the labelled scenes (scenes.csv)."""
    result = audit_scenes(read_scenes(root / SCENES.name),
                          lambda source: _scanned(source, persons, faces).score.verdict)
    return result.foot_traffic.f1, result.flagged.f1


def conditioning_matters(root: Path, *, clips: bool) -> bool:
    """Whether any labelled photo, or any frame of a clip, is shown to the detectors other than as it is (else the
    two rows of a condition are the same, and one is enough)."""
    for photo in (p for p in root.rglob("*") if p.suffix.lower() in {".jpg", ".png"}):
        if conditioned(image := cv2.imread(str(photo))) is not image:
            return True
    for clip in sorted(root.rglob("*.mp4")) if clips else []:
        capture = cv2.VideoCapture(str(clip))
        try:
            while (frame := capture.read())[0]:
                if conditioned(frame[1]) is not frame[1]:
                    return True
        finally:
            capture.release()
    return False


def _row(root: Path, clips: bool, labels: Labels, persons, faces) -> str:
    cover = audit(root / "heads", labels.heads, lambda image: cover_frame(image, persons=persons, faces=faces),
                  negatives=person_free_images(root / "heads" / "no_people"))
    over = cover.over_blur or [0.0]
    stills = audit_counts(root / "counts", labels.stills,
                          lambda image: still_count(image, persons=persons, faces=faces))
    cells = [f"{cover.share(k):.2f}" for k in ("all", "< 24 px", "back", "profile")]
    cells += [f"{np.mean(over):.2%}", f"{max(over):.2%}", f"{stills.mean_relative_error:.1%}"]
    if clips:
        cells.append(f"{clip_error(root / CLIP, labels.clip, persons, faces):.1%}")
        cells += ["—" if f1 is None else f"{f1:.2f}" for f1 in scene_f1(root, persons, faces)]
    return " ".join(f"{c:>8}" for c in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conditions", nargs="+", choices=["daylight", *CONDITIONS, *RESOLUTIONS],
                        default=["daylight", *CONDITIONS, *RESOLUTIONS])
    parser.add_argument("--no-clip", action="store_true",
                        help="leave out the walkway clip and the scenes' verdicts (two minutes a row)")
    args = parser.parse_args()
    faces, labels = load_face_detector(), Labels()
    print(f"{'condition, what the detector is shown':<40} {'cover':>8} {'< 24 px':>8} {'back':>8} {'profile':>8} "
          f"{'over':>8} {'worst':>8} {'stills':>8}"
          + ("" if args.no_clip else f" {'walkway':>8} {'F1 foot':>8} {'F1 flag':>8}"))
    with tempfile.TemporaryDirectory() as folder:
        persons = load_ssdlite(cache_dir=Path(folder) / "models")
        for name in args.conditions:
            make = resized(RESOLUTIONS[name]) if name in RESOLUTIONS else CONDITIONS.get(name)
            root = DATA if make is None else _made_over(make, Path(folder) / name, clips=not args.no_clip)
            labelled = labels.at(RESOLUTIONS[name]) if name in RESOLUTIONS else labels
            rows = (("as it is", unconditioned), ("conditioned", contextlib.nullcontext)) \
                if conditioning_matters(root, clips=not args.no_clip) else (("either", contextlib.nullcontext),)
            for shown, context in rows:
                with context():
                    row = _row(root, not args.no_clip, labelled, persons, faces)
                    print(f"{name + ', ' + shown:<40} {row}", flush=True)


if __name__ == "__main__":
    main()
