"""The person-detector interface every backend implements (one file per backend beside this one)."""
from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator

import cv2
import numpy as np

from detectors.boxes import Box, iou
from detectors.conditioning import conditioned

SECOND_LOOK_MARGIN = 0.15  # context kept around the box (of its larger side)
SECOND_LOOK_BORDER = 1 / 3  # grey border added on each side (of the crop's size): the person is shown smaller
CONTEXT_SIDE = 3  # a small person is looked at again in a square of their street, this many times their height


class PersonDetector(ABC):
    """Finds people in BGR frames; track() keeps ids across the frames of one scan until reset()."""

    name: str = "abstract"
    #: Whether the detector finds people by itself (False: only the motion cue finds them).
    sees_people: bool = True

    def __init__(self) -> None:
        self.lock = threading.Lock()  # one scan at a time per detector: trackers are stateful

    @abstractmethod
    def detect(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """People in one frame; regions, when given, are extra areas to look at more closely."""

    @abstractmethod
    def track(self, image: np.ndarray, regions: list[Box] | None = None, *, camera_moving: bool = False) -> list[Box]:
        """People in one frame with track ids that persist across frames of the same scan.

        regions: where a fixed camera saw motion; camera_moving: the whole view shifted since the last frame.
        """

    @abstractmethod
    def reset(self) -> None:
        """Forget tracks from an earlier source (called at the start of each scan)."""

    def detect_thorough(self, image: np.ndarray, *, still: bool = False) -> list[Box]:
        """People in one frame looked at as closely as the backend can: a photo (no motion or track to help), and
        a frame about to be kept or written anonymised. still: a photo whose people are counted from this look
        alone (a backend may look harder)."""
        return self.detect(image)

    def second_look(self, image: np.ndarray, box: Box) -> bool:
        """Whether the detector finds this person again when shown the crop alone, smaller, on a grey border, or
        (a small person) in a square of the frame around them, seen closer.

        A real person survives the change of scale and context (>= 0.57 on our labelled sets, nearly all >= 0.9);
        clutter that scored as a person in its own frame (a fruit bowl, a frame-filling apple) does not (0). The
        crops are cut from the frame as the detector saw it (conditioned: a night frame stretched).
        """
        image = conditioned(image)
        looks = [padded_crop(image, box)]
        if box.height * CONTEXT_SIDE < min(image.shape[:2]):
            looks.append(context_crop(image, box))
        return any(crop.size > 0 and any(iou(found, box.shifted(dx, dy)) >= 0.3 for found in self.look_once(crop))
                   for crop, (dx, dy) in looks)

    def look_once(self, image: np.ndarray) -> list[Box]:
        """People in one image seen whole, at the detector's input size (no tiles); detect() unless overridden."""
        return self.detect(image)

    def describe(self) -> str:
        """What ran, for scan records and the JSON output."""
        return self.name


@contextlib.contextmanager
def keep_opencv_threads() -> Iterator[None]:
    """Importing Ultralytics sets cv2.setNumThreads(0), which halves OpenCV DNN speed on two cores: undo it."""
    threads = cv2.getNumThreads()
    try:
        yield
    finally:
        cv2.setNumThreads(threads)


def context_crop(image: np.ndarray, box: Box) -> tuple[np.ndarray, tuple[float, float]]:
    """A square of the frame around a small box, CONTEXT_SIDE times its height (a tiny crop on a grey border,
    enlarged to the input size, is too blurred to show anyone); and the shift from frame to crop pixels."""
    height, width = image.shape[:2]
    side = int(CONTEXT_SIDE * max(box.height, box.width))
    cx, cy = (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2
    x1 = int(min(max(0, cx - side / 2), max(0, width - side)))
    y1 = int(min(max(0, cy - side / 2), max(0, height - side)))
    return image[y1:y1 + side, x1:x1 + side], (float(-x1), float(-y1))


def padded_crop(image: np.ndarray, box: Box) -> tuple[np.ndarray, tuple[float, float]]:
    """The box with a little context, on a grey border a third of its size on each side; and the shift that maps
    frame pixels to the crop's pixels."""
    height, width = image.shape[:2]
    grow = SECOND_LOOK_MARGIN * max(box.width, box.height)
    x1, y1 = max(0, int(box.x1 - grow)), max(0, int(box.y1 - grow))
    x2, y2 = min(width, int(np.ceil(box.x2 + grow))), min(height, int(np.ceil(box.y2 + grow)))
    crop = image[y1:y2, x1:x2]
    if crop.size == 0:
        return crop, (0.0, 0.0)
    top, left = int(crop.shape[0] * SECOND_LOOK_BORDER), int(crop.shape[1] * SECOND_LOOK_BORDER)
    padded = cv2.copyMakeBorder(crop, top, top, left, left, cv2.BORDER_CONSTANT, value=(127, 127, 127))
    return padded, (float(left - x1), float(top - y1))
