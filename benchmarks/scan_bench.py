"""Scan pipeline benchmark: sampled frames per second end to end (decode + motion + persons + faces on evidence
frames + blur + stickers + score), offline SSDLite and YOLO at 640, in the configuration production runs (the
settings' own defaults through the scan service's scan_config: motion-gated, stickers read on schedule, evidence
blurred) beside stickers read on every frame (before) and the person detector on every frame without stickers.

Usage: python benchmarks/scan_bench.py [--weights yolo.pt] [--every 0.5] [--seconds 60]
Every clip is scanned as production scans a stream: one window of --seconds (default 60 s, 120 sampled frames at
0.5 s). The four sample clips are 2-4 s long, so each is looped to the window with the ffmpeg binary that
imageio-ffmpeg ships; the fixed-camera clips are four drawn by detectors/synthetic.py (walkers, foliage, light, a
dog) and OpenCV's real vtest walkway (768x576, 3-8 people).
Without --weights a randomly initialised yolo11n is built (no COCO weights can be downloaded here): its compute
cost is the real one, but it finds nobody, so its tracker and head-blur costs are a lower bound.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import load_settings  # noqa: E402
from dashboard.services.scanning.scans import scan_config  # noqa: E402
from detectors.faces import load_face_detector  # noqa: E402
from detectors.persons.ssdlite import load_ssdlite  # noqa: E402
from detectors.persons.yolo import load_yolo  # noqa: E402
from detectors.pipeline import STAGES, ScanConfig, scan_source  # noqa: E402
from detectors.synthetic import Scene, render  # noqa: E402

REAL_FIXED = "opencv_vtest.mp4"  # a real 768x576 fixed-camera walkway, 60 s (data/counts/NOTICE.md)
SAMPLES = ["davis_breakdance.mp4", "davis_parkour.mp4", "davis_libby.mp4", "davis_cows.mp4"]
FIXED = {"street_busy": Scene(walkers=14, seed=1), "street_sparse": Scene(walkers=4, seed=2),
         "street_empty": Scene(walkers=0, seed=3), "street_768x576": Scene(walkers=8, seed=4, size=(768, 576))}


def _looped(clip: Path, seconds: float, folder: Path) -> Path:
    import imageio_ffmpeg

    target = folder / f"{clip.stem}_loop.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-stream_loop", "-1", "-i", str(clip), "-t",
                    str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-an", "-y", str(target)], check=True)
    return target


def _clips(seconds: float, folder: Path) -> dict[str, list[Path]]:
    samples = [_looped(ROOT / "data" / "media" / name, seconds, folder) for name in SAMPLES]
    fixed = [render(Scene(**{**scene.__dict__, "seconds": seconds}), folder / f"{name}.mp4")
             for name, scene in FIXED.items()] + [ROOT / "data" / "counts" / REAL_FIXED]
    return {"sample clips (looped)": samples, "fixed-camera clips": fixed}


def _run(label: str, persons, faces, clips: list[Path], config: ScanConfig) -> float:
    totals, frames_done, wall, runs = dict.fromkeys(STAGES, 0.0), 0, 0.0, 0
    for clip in clips:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as evidence:
            outcome = scan_source(str(clip), config=config, persons=persons, faces=faces, evidence_dir=Path(evidence))
        wall += time.perf_counter() - start
        frames_done += len(outcome.counts)
        runs += outcome.detector_runs
        for stage, seconds in outcome.timings.items():
            totals[stage] += seconds
    per_stage = "  ".join(f"{s}={t / frames_done * 1000:5.1f}" for s, t in totals.items() if t > 0)
    print(f"  {label:<56} {frames_done / wall:6.1f} frames/s  (detector on {runs}/{frames_done} frames; "
          f"ms per frame: {per_stage})", flush=True)
    return frames_done / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", help="YOLO .pt weights (default: random yolo11n built here)")
    parser.add_argument("--every", type=float, default=0.5, help="sampling interval in seconds")
    parser.add_argument("--seconds", type=float, default=60.0, help="scan window per clip")
    parser.add_argument("--imgsz", type=int, default=640)
    args = parser.parse_args()
    faces = load_face_detector()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        clips = _clips(args.seconds, folder)
        weights = args.weights or str(folder / "yolo11n-random.pt")
        if not args.weights:
            from ultralytics import YOLO

            YOLO("yolo11n.yaml").save(weights)
        detectors = {"offline ssdlite": load_ssdlite(cache_dir=folder / "models"),
                     f"yolo {args.imgsz}": load_yolo(weights, imgsz=args.imgsz)}
        production = scan_config(load_settings(demo_mode=True, sample_every_seconds=args.every,
                                               scan_max_frames=int(args.seconds / args.every),
                                               scan_max_seconds=args.seconds), check_stickers=True)
        plan = production.plan
        configs = {"production (stickers on schedule)": production,
                   "stickers on every frame (before)": replace(production, qr_every=1),
                   "detector on every frame, no stickers": ScanConfig(
                       plan=plan, faces_every_frame=False, read_qr=False, detect_every=1, idle_refresh=1,
                       motion=False)}
        for name, clip_set in clips.items():
            print(f"{name} ({len(clip_set)} x {args.seconds:g} s, one frame every {args.every:g} s):")
            for label, persons in detectors.items():
                rates = {what: _run(f"{label}, {what}", persons, faces, clip_set, config)
                         for what, config in configs.items()}
                print(f"  {label}: production / detector on every frame = "
                      f"{rates['production (stickers on schedule)'] / rates['detector on every frame, no stickers']:.2f}x")


if __name__ == "__main__":
    main()
