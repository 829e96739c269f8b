"""Track ids for detectors that do not track by themselves: Ultralytics' ByteTrack on our boxes."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from detectors.boxes import Box
from detectors.persons.base import keep_opencv_threads

BYTETRACK = {"tracker_type": "bytetrack", "track_high_thresh": 0.4, "track_low_thresh": 0.1,
             "new_track_thresh": 0.45, "track_buffer": 8, "match_thresh": 0.8, "fuse_score": True}


class ByteTracker:
    """ByteTrack (Kalman filter + two-stage IoU matching) over sampled frames; ids start at 1 per scan."""

    def __init__(self, **overrides: float) -> None:
        with keep_opencv_threads():
            from ultralytics.utils import IterableSimpleNamespace

        self.args = IterableSimpleNamespace(**(BYTETRACK | overrides))
        self.reset()

    def reset(self) -> None:
        """A fresh tracker: no tracks, ids from 1."""
        from ultralytics.trackers.byte_tracker import BYTETracker

        self.tracker = BYTETracker(self.args)

    def update(self, boxes: list[Box], shape: tuple[int, ...]) -> list[Box]:
        """The boxes matched to tracks, with their track ids; unconfirmed one-frame boxes keep no id."""
        from ultralytics.engine.results import Boxes

        data = np.array([[b.x1, b.y1, b.x2, b.y2, b.conf, 0.0] for b in boxes], dtype=np.float32).reshape(-1, 6)
        tracked = self.tracker.update(Boxes(data, shape[:2]))
        ids = {int(row[7]): int(row[4]) for row in tracked}  # detection index -> track id
        return [replace(box, track_id=ids.get(i)) for i, box in enumerate(boxes)]
