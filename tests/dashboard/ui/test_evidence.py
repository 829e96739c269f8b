"""Evidence previews follow the viewer's wellness settings: grey when asked, blurred as strongly as asked."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from dashboard.ui.evidence import preview


@pytest.fixture
def frame(tmp_path):
    rng = np.random.default_rng(3)
    path = tmp_path / "frame.jpg"
    cv2.imwrite(str(path), rng.integers(0, 255, (180, 320, 3), dtype=np.uint8))
    return path


def test_grey_previews_have_no_colour(frame):
    shown = preview(frame, blur=5, grayscale=True)
    assert shown.shape[1] == 240 and (shown[..., 0] == shown[..., 1]).all() and (shown[..., 1] == shown[..., 2]).all()


def test_a_stronger_blur_leaves_less_detail(frame):
    light, strong = preview(frame, blur=5, grayscale=False), preview(frame, blur=61, grayscale=False)
    assert cv2.Laplacian(strong, cv2.CV_64F).var() < cv2.Laplacian(light, cv2.CV_64F).var() / 4


def test_an_unreadable_file_gives_no_preview(tmp_path):
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg")
    assert preview(tmp_path / "broken.jpg", blur=31, grayscale=False) is None


@pytest.mark.parametrize(("language", "name", "caption"), [
    ("zh_CN", "scan_3_frame0012.jpg", "第 12 帧"), ("en", "scan_3_frame0012.jpg", "Frame 12"),
    ("zh_CN", "stream_7.jpg", "证据画面"),
])
def test_revealed_frames_are_captioned_in_words_not_file_names(monkeypatch, language, name, caption):
    from dashboard.ui.evidence import _caption

    monkeypatch.setenv("CONSOLE_LANGUAGE", language)
    assert _caption(Path(name)) == caption
