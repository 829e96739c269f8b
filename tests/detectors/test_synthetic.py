"""Synthetic camera conditions: other resolutions keep labelled boxes inside the picture and on their content."""
from __future__ import annotations

import numpy as np
import pytest

from detectors.synthetic import RESOLUTIONS, resized


@pytest.mark.parametrize(("shape", "factor", "expected"), [
    ((480, 854), 2.5, (1200, 2135)),
    ((375, 500), 0.5, (188, 250)),
    ((481, 427), 0.5, (241, 214)),  # odd sides round up: a box at the far edge, halved, is still inside
    ((3, 5), 0.5, (2, 3)),
])
def test_a_resized_picture_holds_every_box_labelled_on_the_original(shape, factor, expected):
    image = np.zeros((*shape, 3), np.uint8)
    out = resized(factor)(image, np.random.default_rng(0))
    assert out.shape[:2] == expected
    assert shape[0] * factor <= out.shape[0] and shape[1] * factor <= out.shape[1]


@pytest.mark.parametrize("factor", sorted(RESOLUTIONS.values()))
def test_a_labelled_box_times_the_factor_still_frames_its_content(factor):
    image = np.zeros((480, 854, 3), np.uint8)
    image[200:260, 400:440] = 255  # a bright "head" labelled at 400,200,440,260
    out = resized(factor)(image, np.random.default_rng(0))
    x1, y1, x2, y2 = (round(v * factor) for v in (400, 200, 440, 260))
    inside = out[y1 + 1:y2 - 1, x1 + 1:x2 - 1].mean()
    assert inside > 250 and out.mean() < 255 * (60 * 40) / (480 * 854) * 1.2
