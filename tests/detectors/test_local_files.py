"""Local paths are checked for what they are before anything opens them: no FIFO, device or socket as input or
output (a FIFO input blocked a scan forever; a device output was overwritten)."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import cv2
import numpy as np
import pytest

from detectors.errors import SourceError
from detectors.frames import SamplingPlan, frames
from detectors.images import read_image
from detectors.local_files import check_input, check_output


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "camera.mp4"
    os.mkfifo(path)
    return path


def _socket(tmp_path: Path) -> Path:
    path = tmp_path / "camera.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return path


@pytest.mark.parametrize("make", [_fifo, _socket, lambda _: Path("/dev/null"), lambda _: Path("/dev/zero")])
def test_special_files_are_refused_as_input_without_being_opened(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(SourceError, match="not a regular file; refused without reading it"):
        check_input(path)
    with pytest.raises(SourceError, match="not a regular file"):
        read_image(path)  # a FIFO would block here forever if it were opened
    with pytest.raises(SourceError, match="not a regular file"):
        next(frames(str(path), SamplingPlan()))


def test_a_missing_input_is_named(tmp_path):
    with pytest.raises(SourceError, match="file or folder not found"):
        check_input(tmp_path / "gone.mp4")


@pytest.mark.parametrize("make", [_fifo, lambda _: Path("/dev/null"), lambda tmp: tmp])
def test_special_files_and_folders_are_refused_as_output(tmp_path, make):
    with pytest.raises(SourceError, match="exists and is not a regular file"):
        check_output(make(tmp_path))


def test_a_folder_whose_only_image_is_too_large_says_so(tmp_path, monkeypatch):
    import detectors.images as images

    cv2.imwrite(str(tmp_path / "huge.png"), np.zeros((40, 40, 3), np.uint8))
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    monkeypatch.setattr(images.read_image, "__kwdefaults__", {"max_pixels": 100})
    with pytest.raises(SourceError, match="no readable image .*megapixel limit"):
        list(frames(str(tmp_path), SamplingPlan()))
