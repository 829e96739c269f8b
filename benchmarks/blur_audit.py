"""Blur audit benchmark: head cover by size and view, and over-blur, for the anonymiser as it was and as it is.

Usage: python benchmarks/blur_audit.py [--labels data/heads/heads.csv] [--images data/heads]
Runs detectors/blur_audit.py on the project's hand-boxed heads (data/heads/NOTICE.md) with three anonymisers:
faces only in one pass at 640 px (before), faces in one upscaled pass (no person model), and the offline SSDLite
person detector's head regions plus those faces (today's default where YOLO weights cannot be had).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detectors.anonymize import anonymize  # noqa: E402
from detectors.blur_audit import SIZES, VIEWS, audit, person_free_images, read_labels  # noqa: E402
from detectors.faces import load_face_detector  # noqa: E402
from detectors.persons.ssdlite import load_ssdlite  # noqa: E402
from detectors.redact import cover_frame  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=ROOT / "data" / "heads" / "heads.csv")
    parser.add_argument("--images", type=Path, default=ROOT / "data" / "heads")
    parser.add_argument("--negatives", type=Path, default=ROOT / "data" / "heads" / "no_people")
    args = parser.parse_args()
    heads, negatives = read_labels(args.labels), person_free_images(args.negatives)
    faces = load_face_detector()
    with tempfile.TemporaryDirectory() as folder:
        ssdlite = load_ssdlite(cache_dir=Path(folder))
        anonymisers = {
            "faces, one pass at 640 (before)": lambda image: anonymize(image, faces=faces.detect(image), people=[])[1],
            "faces, upscaled pass": lambda image: cover_frame(image, persons=None, faces=faces)[1],
            "ssdlite heads + faces (offline)": lambda image: cover_frame(image, persons=ssdlite, faces=faces)[1],
        }
        print(f"{len(heads)} heads; columns: share covered (>= 70% of the head box obscured)")
        print(f"{'anonymiser':<34} {'all':>5} " + " ".join(f"{k:>9}" for k in (*SIZES, *VIEWS)) +
              f" {'over-blur':>10} {'s/image':>8}")
        for label, cover in anonymisers.items():
            start = time.perf_counter()
            result = audit(args.images, heads, cover, negatives=negatives)
            seconds = (time.perf_counter() - start) / (len({(h.image, h.scale) for h in heads}) + len(negatives))
            cells = " ".join(f"{'—' if result.share(k) is None else f'{result.share(k):.2f}':>9}"
                             for k in (*SIZES, *VIEWS))
            over = max(result.over_blur) if result.over_blur else 0.0
            print(f"{label:<34} {result.share('all'):>5.2f} {cells} {over:>9.2%} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
