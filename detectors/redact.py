"""Write anonymised copies of images and videos (every frame, faces and heads covered)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from detectors.anonymize import anonymize
from detectors.boxes import Box, drop_explained
from detectors.errors import SourceError
from detectors.faces import FaceDetector
from detectors.frames import IMAGE_SUFFIXES
from detectors.images import read_image
from detectors.local_files import check_input, check_output
from detectors.motion import MotionCue, MotionSettings
from detectors.persons.base import PersonDetector
from detectors.second_look import believed, believed_faces


def cover_frame(image: np.ndarray, *, persons: PersonDetector | None, faces: FaceDetector,
                known: list[Box] | tuple[Box, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The frame with every face and every person's head covered, and the covered mask: a thorough look (all
    tiles, closer ones where people are small, faces upscaled) plus the people already known for this frame
    (tracked, or moving blobs).

    An unsure person box or face is kept only if a second look agrees (detectors.second_look): clutter scored as a
    person (fruit, an apple filling the frame) or an animal's face is not blurred.
    """
    found_faces = faces.detect_thorough(image)
    found = persons.detect_thorough(image) if persons is not None and persons.sees_people else []
    people = list(known) + (believed(image, found, faces=found_faces, persons=persons) if found else [])
    found_faces = believed_faces(image, found_faces, people=people, detector=faces)
    return anonymize(image, faces=found_faces, people=people)


def redact_frame(image: np.ndarray, *, persons: PersonDetector | None, faces: FaceDetector,
                 known: list[Box] | tuple[Box, ...] = ()) -> np.ndarray:
    """One frame with every face and every person's head covered."""
    return cover_frame(image, persons=persons, faces=faces, known=known)[0]


class VideoCover:
    """Covers the frames of one video in order: the motion cue watches every frame, so a walker the person
    detector misses in a single frame (small, far, blurred) still gets their head covered."""

    def __init__(self, *, persons: PersonDetector | None, faces: FaceDetector, fps: float = 2.0) -> None:
        self.persons, self.faces, self.moving = persons, faces, []
        # The background remembers 15 s whatever the frame rate (a walker is not learnt into it within a second).
        self.motion = MotionCue(MotionSettings(history=max(30, round(15 * fps))))

    def watch(self, image: np.ndarray) -> None:
        """Show the next frame of the video to the motion cue."""
        seen = self.motion.update(image)
        # Privacy first: an upright moving blob not yet followed long enough to count as a person is covered too.
        upright = [r for r in seen.regions if r.height >= UPRIGHT * r.width]
        self.moving = seen.people + drop_explained(upright, seen.people)

    def cover(self, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The last watched frame covered, and the covered mask."""
        return cover_frame(image, persons=self.persons, faces=self.faces, known=self.moving)


UPRIGHT = 1.3  # height / width of a moving blob covered as a person before it is followed
VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv"}


def _check_target(source: Path, target: Path) -> Path:
    """Refuse a target that cannot hold the result; returns the temporary file written before the rename."""
    is_image = source.suffix.lower() in IMAGE_SUFFIXES
    wanted = IMAGE_SUFFIXES if is_image else VIDEO_SUFFIXES
    if target.suffix.lower() not in wanted:
        raise SourceError(str(target), f"{'an image' if is_image else 'a video'} is written as one of "
                                       f"{', '.join(sorted(wanted))}")
    check_output(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SourceError(str(target.parent), f"cannot create the folder ({error.strerror})") from None
    return target.with_name(f".{target.stem}.partial{target.suffix}")


def _finish(partial: Path, target: Path) -> None:
    """Move the complete result into place (atomic on one file system), or say why it cannot be."""
    try:
        if not partial.exists() or partial.stat().st_size == 0:
            raise OSError(28, "nothing was written (disk full or not writable?)")
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise SourceError(str(target), f"cannot be written ({error.strerror})") from None


def redact_file(source: Path, target: Path, *, persons: PersonDetector | None, faces: FaceDetector,
                on_frame: Callable[[int, int], None] | None = None) -> int:
    """Anonymise an image or a video into target (written whole or not at all); returns the frames written."""
    check_input(source, folders=False)
    partial = _check_target(source, target)
    if source.suffix.lower() in IMAGE_SUFFIXES:
        ok, data = cv2.imencode(target.suffix.lower(), redact_frame(read_image(source), persons=persons,
                                                                     faces=faces))
        if not ok:
            raise SourceError(str(target), "cannot encode an image with this file extension")
        try:
            partial.write_bytes(data.tobytes())
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise SourceError(str(target), f"cannot be written ({error.strerror})") from None
        _finish(partial, target)
        return 1
    written = _redact_video(source, partial, persons=persons, faces=faces, on_frame=on_frame)
    _finish(partial, target)
    return written


def _redact_video(source: Path, target: Path, *, persons: PersonDetector | None, faces: FaceDetector,
                  on_frame: Callable[[int, int], None] | None) -> int:
    capture = cv2.VideoCapture(str(source))
    if not capture.isOpened():
        raise SourceError(str(source), "cannot be decoded as a video (corrupt, truncated or unsupported)")
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    writer, written, video = None, 0, VideoCover(persons=persons, faces=faces, fps=fps)
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                break
            if writer is None:
                height, width = image.shape[:2]
                writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
                if not writer.isOpened():
                    raise SourceError(str(target), "cannot be written (folder not writable?)")
            video.watch(image)
            writer.write(video.cover(image)[0])
            written += 1
            if on_frame:
                on_frame(written, total)
    finally:
        capture.release()
        if writer is not None:
            writer.release()
    if written == 0:
        target.unlink(missing_ok=True)
        raise SourceError(str(source), "no frame could be decoded")
    return written
