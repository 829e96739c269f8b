"""Blur-failure audit: how many hand-boxed heads the anonymiser covers, by head size and view, how much of
person-free images it blurs for nothing, and a contact sheet of every head it missed.

Scored on the anonymised output, not on the mask it says it covered: a head is covered when at least 80% of its
detail pixels (those carrying local contrast in the original) lost that detail in the output. A weak blur that
keeps a quarter of a small head's detail fails, however much of the box its mask spans. Box overlap with the
mask is kept as a second, lenient column."""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from detectors.boxes import Box
from detectors.errors import SourceError
from detectors.frames import IMAGE_SUFFIXES
from detectors.images import read_image

COVERED_SHARE = 0.8  # a head counts as covered when this share of its detail pixels lost their detail
MASK_SHARE = 0.7  # the lenient second column: this share of its box lies inside the anonymiser's mask
DETAIL_FLOOR = 3.0  # grey levels of local contrast below which a pixel carries no detail
KEPT_RATIO = 0.5  # a detail pixel survives when the output keeps its sign and at least half its contrast
SIZES = ("< 24 px", "24-64 px", "> 64 px")
VIEWS = ("frontal", "profile", "back")
COLUMNS = ("image", "x1", "y1", "x2", "y2", "view")

Cover = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]  # image -> (anonymised image, mask it reports)


def _sigmas(side: float) -> tuple[float, float]:
    """The band that carries a head's identity (eyes, mouth, hairline, ears) for a head of this many pixels:
    finer than the head, coarser than pixel noise, so a blur too weak for the head's size is seen to keep it."""
    return max(0.7, side / 24), max(2.0, side / 8)


def _detail(image: np.ndarray, side: float) -> np.ndarray:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32) if image.ndim == 3 else image.astype(np.float32)
    fine, coarse = _sigmas(side)
    return cv2.GaussianBlur(grey, (0, 0), fine) - cv2.GaussianBlur(grey, (0, 0), coarse)


def detail_pixels(original: np.ndarray, side: float = 24) -> np.ndarray:
    """Boolean mask of the pixels that carry local contrast (detail at the scale of a head this size)."""
    return np.abs(_detail(original, side)) >= DETAIL_FLOOR


def detail_removed(original: np.ndarray, anonymised: np.ndarray, side: float = 24) -> np.ndarray:
    """Boolean mask: the original's detail is gone from the anonymised image at this pixel (its local contrast
    lost its sign or more than half its strength)."""
    before, after = _detail(original, side), _detail(anonymised, side)
    kept = (np.sign(after) == np.sign(before)) & (np.abs(after) >= KEPT_RATIO * np.abs(before))
    return ~kept


def removed_share(original: np.ndarray, anonymised: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Share of a head's detail pixels whose detail the anonymised image removed. The band is computed inside the
    head's box (mirrored at its edges), so the head's outline against the background, which any cover keeps, is not
    counted as detail it failed to remove. A head without detail is covered if it was changed at all."""
    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1)
    before, after = original[y1:y2, x1:x2], anonymised[y1:y2, x1:x2]
    detail = detail_pixels(before, side)
    if detail.sum() < 4:
        return float(np.abs(before.astype(int) - after.astype(int)).mean() >= 2)
    return float(detail_removed(before, after, side)[detail].mean())


@dataclass(frozen=True)
class Head:
    """One labelled head: where (image file or video frame number), its box, view, and an optional shrink."""

    image: str
    box: Box
    view: str
    scale: float = 1.0
    line: int = field(default=0, compare=False)  # its line in the labels file, for messages

    @property
    def size(self) -> str:
        """Size bucket of the head as the anonymiser sees it (its larger side after scaling)."""
        side = max(self.box.width, self.box.height) * self.scale
        return SIZES[0] if side < 24 else SIZES[1] if side <= 64 else SIZES[2]


@dataclass
class AuditResult:
    """Covered/total per bucket, over-blur on person-free images, and the missed heads' crops."""

    covered: dict[str, list[int]] = field(default_factory=dict)
    masked: dict[str, int] = field(default_factory=dict)  # heads whose box lies inside the mask (lenient)
    over_blur: list[float] = field(default_factory=list)
    missed: list[tuple[Head, np.ndarray]] = field(default_factory=list)

    def add(self, head: Head, hit: bool, masked: bool = False) -> None:
        """Count one head in its size, its view and overall."""
        for key in ("all", head.size, head.view):
            cell = self.covered.setdefault(key, [0, 0])
            cell[0] += int(hit)
            cell[1] += 1
            self.masked[key] = self.masked.get(key, 0) + int(masked)

    def share(self, key: str) -> float | None:
        """Covered share in a bucket (None when the bucket is empty)."""
        hit, total = self.covered.get(key, [0, 0])
        return hit / total if total else None

    def rows(self) -> list[tuple[str, int, int, float | None, float | None]]:
        """(bucket, covered, total, share, lenient mask share) for overall, each size and each view."""
        rows = []
        for key in ("all", *SIZES, *VIEWS):
            hit, total = self.covered.get(key, [0, 0])
            rows.append((key, hit, total, self.share(key), self.masked.get(key, 0) / total if total else None))
        return rows


def labelled_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a labels CSV that has the columns; a missing file or column is an error."""
    if not path.is_file():
        raise SourceError(str(path), "labels file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(str(path), f"missing column(s): {', '.join(missing)}")
        yield from enumerate(reader, start=2)


def read_labels(path: Path) -> list[Head]:
    """Heads from a CSV with columns image,x1,y1,x2,y2,view[,scale]; a bad row is an error naming its line."""
    heads, lines = [], {}
    for line, row in labelled_rows(path, COLUMNS):
        try:
            box = Box(*(float(row[k]) for k in ("x1", "y1", "x2", "y2")))
            scale = float(row.get("scale") or 1)
        except ValueError:
            raise SourceError(str(path), f"line {line}: box and scale must be numbers") from None
        if row["view"] not in VIEWS or box.width <= 0 or box.height <= 0 or not 0 < scale <= 1:
            raise SourceError(str(path), f"line {line}: view must be one of {', '.join(VIEWS)}, "
                                         "the box non-empty and scale in (0, 1]")
        key = (row["image"], box, scale)
        if key in lines:
            raise SourceError(str(path), f"line {line}: the same head as line {lines[key]}")
        lines[key] = line
        heads.append(Head(row["image"], box, row["view"], scale, line))
    return heads


def _check_inside(heads: list[Head], shape: tuple[int, ...]) -> None:
    """A labelled box must lie inside its image (a box beyond it was labelled on another image or size)."""
    height, width = shape[:2]
    for head in heads:
        box = head.box
        if box.x1 < 0 or box.y1 < 0 or box.x2 > width or box.y2 > height:
            raise SourceError(head.image, f"labels line {head.line}: the box {box.x1:g},{box.y1:g},{box.x2:g},"
                                          f"{box.y2:g} lies outside the image ({width}x{height} px)")


def load_labelled(source: Path, name: str) -> np.ndarray:
    """A labelled image: a file of the folder, or (source is a video) the frame with that number."""
    if source.is_dir():
        try:
            return read_image(source / name)
        except SourceError as error:
            raise SourceError(f"{source}/{name}", f"labelled image cannot be read ({error.problem})") from None
    capture = cv2.VideoCapture(str(source))  # a video: the image column is a frame number
    capture.set(cv2.CAP_PROP_POS_FRAMES, int(name))
    ok, image = capture.read()
    capture.release()
    if not ok or image is None:
        raise SourceError(f"{source}/{name}", "labelled image cannot be read")
    return image


def _groups(heads: list[Head]) -> Iterator[tuple[tuple[str, float], list[Head]]]:
    keys = list(dict.fromkeys((h.image, h.scale) for h in heads))
    for key in keys:
        yield key, [h for h in heads if (h.image, h.scale) == key]


def _video_frames(source: Path, numbers: set[int], watch: Callable[[np.ndarray], None]) -> Iterator[np.ndarray]:
    """The wanted frames of a video in order, every frame before each shown to `watch` first (the motion cue of
    a video's anonymiser learns from all of them)."""
    capture, index = cv2.VideoCapture(str(source)), 0
    try:
        while index <= max(numbers, default=-1):
            ok, image = capture.read()
            if not ok:
                raise SourceError(f"{source}/{index}", "labelled image cannot be read")
            watch(image)
            if index in numbers:
                yield image
            index += 1
    finally:
        capture.release()


def _labelled_images(source: Path, heads: list[Head],
                     watch: Callable[[np.ndarray], None] | None) -> Iterator[tuple[str, float, list[Head], np.ndarray]]:
    """Each labelled image with its heads, in frame order for a watched video."""
    groups = list(_groups(heads))
    if watch is None or not source.is_file():
        yield from ((name, scale, group, load_labelled(source, name)) for (name, scale), group in groups)
        return
    groups.sort(key=lambda item: int(item[0][0]))
    frames, last = _video_frames(source, {int(name) for (name, _), _ in groups}, watch), (None, None)
    for (name, scale), group in groups:
        if last[0] != name:
            last = (name, next(frames))
        yield name, scale, group, last[1]


def audit(source: Path, heads: list[Head], cover: Cover, *, negatives: list[Path] = (),
          on_image: Callable[[], None] | None = None, watch: Callable[[np.ndarray], None] | None = None) -> AuditResult:
    """Run the anonymiser on every labelled image (shrunk where a row says so) and on person-free images.

    watch: for a video, sees every frame before the labelled ones are covered (as a video's anonymiser does).
    """
    result = AuditResult()
    for name, scale, group, image in _labelled_images(source, heads, watch):
        _check_inside(group, image.shape)
        if scale != 1:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        anonymised, mask = cover(image)
        for head in group:
            x1, y1, x2, y2 = (int(round(v * scale)) for v in (head.box.x1, head.box.y1, head.box.x2, head.box.y2))
            empty = y2 <= y1 or x2 <= x1
            hit = not empty and removed_share(image, anonymised, (x1, y1, x2, y2)) >= COVERED_SHARE
            result.add(head, hit, masked=not empty and bool(mask[y1:y2, x1:x2].mean() >= MASK_SHARE))
            if not hit:
                result.missed.append((head, image[max(0, y1 - 8):y2 + 8, max(0, x1 - 8):x2 + 8].copy()))
        if on_image:
            on_image()
    for path in negatives:
        image = read_image(path)
        detail = detail_pixels(image)
        removed = detail_removed(image, cover(image)[0])
        result.over_blur.append(float(removed[detail].mean()) if detail.any() else 0.0)
        if on_image:
            on_image()
    return result


def contact_sheet(result: AuditResult, target: Path, *, cell: int = 96, columns: int = 8) -> Path | None:
    """A PNG of every missed head, enlarged to one cell each and captioned with view and size; None if none."""
    if not result.missed:
        return None
    cells = []
    for head, crop in result.missed:
        tile = np.zeros((cell + 16, cell, 3), np.uint8)
        if crop.size:
            tile[:cell] = cv2.resize(crop, (cell, cell), interpolation=cv2.INTER_NEAREST)
        cv2.putText(tile, f"{head.view} {head.size.replace(' px', '').replace(' ', '')}", (2, cell + 12),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.35, (255, 255, 255), 1)
        cells.append(tile)
    cells += [np.zeros_like(cells[0])] * (-len(cells) % columns)
    sheet = np.vstack([np.hstack(cells[i:i + columns]) for i in range(0, len(cells), columns)])
    if not cv2.imwrite(str(target), sheet):
        raise SourceError(str(target), "contact sheet cannot be written (PNG path in a writable folder?)")
    return target


def person_free_images(folder: Path) -> list[Path]:
    """Image files in a folder of person-free pictures."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES) if folder.is_dir() else []
