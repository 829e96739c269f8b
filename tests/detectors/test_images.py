"""Image bombs are refused from the header, before OpenCV decodes a single pixel."""
from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest

from detectors.errors import SourceError
from detectors.frames import SamplingPlan, frames
from detectors.images import decode_image, read_image


def png_bomb(width: int = 40_000, height: int = 40_000) -> bytes:
    """A PNG that declares width x height pixels in its header (a few dozen bytes; decoded it would be GBs)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + \
        chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(40_000, 40_000), (10_000, 6_000)])
def test_oversized_images_are_refused_by_their_header(tmp_path, width, height):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(width, height))
    with pytest.raises(SourceError, match="megapixel limit"):
        read_image(bomb)
    with pytest.raises(SourceError, match="megapixel limit"):
        decode_image(bomb.read_bytes())
    with pytest.raises(SourceError, match="megapixel limit"):
        list(frames(str(bomb), SamplingPlan()))


def test_a_bomb_in_a_snapshot_folder_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "a-bomb.png").write_bytes(png_bomb())
    cv2.imwrite(str(tmp_path / "b-ok.png"), np.zeros((40, 60, 3), np.uint8))
    plan = SamplingPlan()
    assert [f.image.shape for f in frames(str(tmp_path), plan)] == [(40, 60, 3)]
    assert any("a-bomb.png" in w and "megapixel" in w for w in plan.warnings)


def test_ordinary_images_still_decode(media):
    assert read_image(media / "dlib_dogs.jpg").ndim == 3
    assert decode_image((media / "dlib_dogs.jpg").read_bytes()).ndim == 3
