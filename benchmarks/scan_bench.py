"""Scan pipeline benchmark: frames per second per stage and end to end, PyTorch versus ONNX Runtime.

Usage: python benchmarks/scan_bench.py [--weights yolo.pt] [--every 0.25] [--imgsz 640]
Without --weights a randomly initialised yolo11n is built (no COCO weights can be downloaded here): its
compute cost is the real one, but it finds no people, so tracker and head-blur costs are a lower bound.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detectors.faces import load_face_detector  # noqa: E402
from detectors.frames import SamplingPlan, frames  # noqa: E402
from detectors.people import load_person_detector  # noqa: E402
from detectors.pipeline import STAGES, ScanConfig, scan_source  # noqa: E402

CLIPS = ["davis_breakdance.mp4", "davis_parkour.mp4", "davis_libby.mp4", "davis_cows.mp4"]


def _weights(args: argparse.Namespace, folder: Path) -> dict[str, str]:
    from ultralytics import YOLO

    pt = args.weights or str(folder / "yolo11n-random.pt")
    if not args.weights:
        YOLO("yolo11n.yaml").save(pt)
    onnx = YOLO(pt).export(format="onnx", imgsz=args.imgsz, simplify=False, verbose=False)
    return {"pytorch": pt, "onnxruntime": str(onnx)}


def _run(label: str, persons, faces, args: argparse.Namespace) -> None:
    warm = ScanConfig(plan=SamplingPlan(every_seconds=1.0, max_frames=3))
    scan_source(str(ROOT / "data" / "media" / CLIPS[0]), config=warm, persons=persons, faces=faces)  # warm-up
    totals, frames_done, wall = dict.fromkeys(STAGES, 0.0), 0, 0.0
    for clip in CLIPS * args.repeat:
        config = ScanConfig(plan=SamplingPlan(every_seconds=args.every, max_frames=10_000), read_qr=args.qr,
                            faces_every_frame=args.faces_every_frame)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as evidence:
            outcome = scan_source(str(ROOT / "data" / "media" / clip), config=config, persons=persons, faces=faces,
                                  evidence_dir=Path(evidence))
        wall += time.perf_counter() - start
        frames_done += len(outcome.counts)
        for stage, seconds in outcome.timings.items():
            totals[stage] += seconds
    per_stage = "  ".join(f"{s}={frames_done / t:7.1f}" for s, t in totals.items() if t > 0)
    print(f"{label:<26} frames={frames_done:4d}  pipeline={frames_done / wall:6.1f} fps   stage fps: {per_stage}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", help="YOLO .pt weights (default: random yolo11n built here)")
    parser.add_argument("--every", type=float, default=0.25, help="sampling interval in seconds")
    parser.add_argument("--imgsz", type=int, default=640)
    parser.add_argument("--repeat", type=int, default=3, help="scan each clip this many times (less noise)")
    parser.add_argument("--qr", action="store_true", help="also decode QR codes on every frame")
    parser.add_argument("--faces-every-frame", action="store_true",
                        help="run CenterFace on every frame, not only on the evidence frames")
    args = parser.parse_args()
    faces = load_face_detector()
    decode_start, decoded = time.perf_counter(), 0
    for clip in CLIPS:
        decoded += sum(1 for _ in frames(str(ROOT / "data" / "media" / clip), SamplingPlan(every_seconds=args.every)))
    print(f"decode only: {decoded / (time.perf_counter() - decode_start):.1f} sampled frames/s over {decoded} frames")
    with tempfile.TemporaryDirectory() as folder:
        for backend, path in _weights(args, Path(folder)).items():
            persons = load_person_detector(path)
            persons.imgsz = args.imgsz
            _run(f"{backend} (imgsz {args.imgsz})", persons, faces, args)
    _run("faces only (degraded)", None, faces, args)


if __name__ == "__main__":
    main()
