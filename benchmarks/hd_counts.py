"""HD count benchmark: the labelled walkway clip as an HD camera would show its walkers (further away, smaller
relative to the frame), counted as production scans count.

Usage: python benchmarks/hd_counts.py [--keep FOLDER]
The walkway's 768x576 frames (data/counts/opencv_vtest.mp4, people 40-130 px, labels in opencv_vtest.csv) are
placed in a 1920x1080 picture at three places (centre, top left, bottom right), at 1.5 times their size in a
1080p picture, and in a 1280x720 picture (centre, top left); the rest of the picture is a plain ground with seeded
sensor noise (grey levels of sigma 2). Each is scanned from two starts (the first frame, and 5 frames = one sample
later, so the labelled frames fall on other detector calls). Prints the mean relative count error per group and
over all 14 scans, with the rows over- and under-counted; the 768x576 clip itself is scanned for comparison.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import load_settings  # noqa: E402
from dashboard.services.scanning.scans import scan_config  # noqa: E402
from detectors.count_audit import LabelledCount, audit_scan, read_counts  # noqa: E402
from detectors.faces import load_face_detector  # noqa: E402
from detectors.persons.ssdlite import load_ssdlite  # noqa: E402
from detectors.pipeline import scan_source  # noqa: E402
from detectors.synthetic import far_away, made_over_clip  # noqa: E402

CLIP = ROOT / "data" / "counts" / "opencv_vtest.mp4"
LABELS = ROOT / "data" / "counts" / "opencv_vtest.csv"
# group -> (picture width, height, scale of the walkway frames, [(place, (top, left), or None: centred)])
GROUPS = {"1080p, walkers as on the walkway": (1920, 1080, 1.0, [("centre", None), ("top left", (60, 100)),
                                                                   ("bottom right", (480, 1100))]),
          "1080p, walkers 1.5 times as large": (1920, 1080, 1.5, [("centre", None)]),
          "720p, walkers as on the walkway": (1280, 720, 1.0, [("centre", None), ("top left", (20, 40))])}
STARTS = (0, 5)
SETTINGS = load_settings(demo_mode=True)


def counted(clip: Path, *, start: int, persons, faces) -> list[tuple[int, int]]:
    """(labelled, found) on the labelled frames of a production scan of the clip that starts at frame `start`."""
    labels = [LabelledCount(str(int(label.image) - start), label.count) for label in read_counts(LABELS)
              if int(label.image) >= start]
    outcome = scan_source(str(clip), config=scan_config(SETTINGS, check_stickers=True), persons=persons, faces=faces)
    result = audit_scan(clip, outcome.counts, labels, interval=SETTINGS.sample_every_seconds)
    return [(truth, found) for _, truth, found in result.rows]


def _summary(label: str, rows: list[tuple[int, int]]) -> str:
    error = np.mean([abs(found - truth) / truth for truth, found in rows if truth])
    over, under = sum(f > t for t, f in rows), sum(f < t for t, f in rows)
    return f"  {label:<40} count error {error:6.1%}  ({len(rows)} frames: {over} over, {under} under)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="write the clips here and reuse them (default: a temporary folder)")
    args = parser.parse_args()
    faces = load_face_detector()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        persons = load_ssdlite(cache_dir=folder / "models")
        jobs = [(group, name, start) for group, (*_, places) in GROUPS.items() for name, _ in places
                for start in STARTS]
        rows: dict[str, list[tuple[int, int]]] = {group: [] for group in GROUPS}
        for group, name, start in tqdm(jobs, desc="HD scans", unit="scan"):
            width, height, scale, places = GROUPS[group]
            target = folder / f"{width}x{height}_{scale:g}_{name.replace(' ', '_')}_{start}.mp4"
            if not target.exists():
                made_over_clip(CLIP, target, far_away((width, height), scale=scale, at=dict(places)[name]), seed=3,
                               start=start)
            rows[group] += counted(target, start=start, persons=persons, faces=faces)
        walkway = [row for start in STARTS for row in counted(_trimmed(folder, start), start=start, persons=persons,
                                                              faces=faces)]
    print("SSDLite, production scan configuration (the settings' defaults):")
    print(_summary("768x576 walkway (the same noise)", walkway))
    for group, group_rows in rows.items():
        print(_summary(group, group_rows))
    print(_summary("all HD scans", [row for group_rows in rows.values() for row in group_rows]))


def _trimmed(folder: Path, start: int) -> Path:
    """The walkway clip itself from frame `start` on (re-encoded as the HD clips are)."""
    target = folder / f"768x576_{start}.mp4"
    if not target.exists():
        made_over_clip(CLIP, target, far_away((768, 576), at=(0, 0)), seed=3, start=start)
    return target


if __name__ == "__main__":
    main()
