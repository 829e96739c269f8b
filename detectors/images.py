"""Still images read safely: the pixel count is checked from the file header before anything is decoded.

A 40000 x 40000 PNG is a few kilobytes on disk and 4.8 GB decoded (a decompression bomb); OpenCV would try.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from detectors.errors import SourceError
from detectors.local_files import check_input

MAX_PIXELS = 50_000_000  # far above any camera frame or phone photo (a 48 MP phone photo still passes)


def _check_size(opener: object, name: str, max_pixels: int) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(opener) as header:  # reads the header only
                width, height = header.size
    except Image.DecompressionBombError:
        raise SourceError(name, f"image is larger than the {max_pixels / 1e6:.0f}-megapixel limit "
                                "(a decompression bomb?); not decoded") from None
    except Exception:  # noqa: BLE001  Pillow cannot read the header (Ultralytics also patches Image.open)
        return  # not a format Pillow knows: OpenCV decides, and says if it cannot
    if width * height > max_pixels:
        raise SourceError(name, f"image of {width}x{height} pixels is larger than the {max_pixels / 1e6:.0f}-megapixel"
                                " limit (a decompression bomb?); not decoded")


def read_image(path: Path, *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """A BGR image from a file, refusing special files and oversized images before decoding them."""
    check_input(Path(path), folders=False)
    _check_size(str(path), str(path), max_pixels)
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise SourceError(str(path), "cannot be decoded as an image")
    return image


def decode_image(data: bytes, *, name: str = "upload", max_pixels: int = MAX_PIXELS) -> np.ndarray | None:
    """A BGR image from bytes (None if not an image), refusing oversized images before decoding them."""
    _check_size(io.BytesIO(data), name, max_pixels)
    return cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
