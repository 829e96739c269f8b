"""The person-detector interface every backend implements (one file per backend beside this one)."""
from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator

import cv2
import numpy as np

from detectors.boxes import Box


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
