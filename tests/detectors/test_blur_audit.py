"""Blur audit numbers on a tiny labelled fixture with a known anonymiser, and the labels file's bad input."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from detectors.blur_audit import audit, contact_sheet, read_labels
from detectors.errors import SourceError

LABELS = """image,x1,y1,x2,y2,view,scale
a.png,10,10,30,30,frontal,1
a.png,60,10,80,30,back,1
a.png,10,60,70,140,profile,1
a.png,60,10,80,30,back,0.5
"""


@pytest.fixture
def fixture_dir(tmp_path):
    rng = np.random.default_rng(0)
    cv2.imwrite(str(tmp_path / "a.png"), rng.integers(0, 255, (160, 120, 3), dtype=np.uint8))
    cv2.imwrite(str(tmp_path / "empty.png"), np.full((100, 100, 3), 128, np.uint8))
    (tmp_path / "heads.csv").write_text(LABELS)
    return tmp_path


def _left_half(image: np.ndarray) -> np.ndarray:
    """A stand-in anonymiser that obscures the left half of every image."""
    mask = np.zeros(image.shape[:2], bool)
    mask[:, : image.shape[1] // 2] = True
    return mask


def test_audit_counts_covered_heads_by_size_and_view(fixture_dir):
    heads = read_labels(fixture_dir / "heads.csv")
    result = audit(fixture_dir, heads, _left_half, negatives=[fixture_dir / "empty.png"])
    assert result.share("all") == pytest.approx(2 / 4)  # the frontal head and the big profile head are covered
    assert result.covered["frontal"] == [1, 1] and result.covered["back"] == [0, 2]
    assert result.covered["< 24 px"] == [1, 3] and result.covered["> 64 px"] == [1, 1]
    assert result.over_blur == [pytest.approx(0.5)]
    assert [h.view for h, _ in result.missed] == ["back", "back"]


def test_contact_sheet_shows_every_missed_head(fixture_dir, tmp_path):
    result = audit(fixture_dir, read_labels(fixture_dir / "heads.csv"), _left_half)
    sheet = cv2.imread(str(contact_sheet(result, tmp_path / "missed.png")))
    assert sheet.shape[0] == 96 + 16 and sheet.shape[1] == 8 * 96


@pytest.mark.parametrize(("text", "problem"), [
    ("image,x1,y1,x2\n", "missing column"),
    ("image,x1,y1,x2,y2,view\na.png,1,1,x,5,back\n", "line 2: box and scale must be numbers"),
    ("image,x1,y1,x2,y2,view\na.png,1,1,5,5,sideways\n", "line 2: view must be one of"),
    ("image,x1,y1,x2,y2,view\na.png,5,5,1,1,back\n", "the box non-empty"),
])
def test_bad_labels_name_the_line_and_problem(tmp_path, text, problem):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(SourceError, match=problem):
        read_labels(tmp_path / "bad.csv")


def test_unreadable_labelled_image_is_a_clear_error(fixture_dir):
    (fixture_dir / "heads.csv").write_text("image,x1,y1,x2,y2,view\nmissing.png,1,1,5,5,back\n")
    with pytest.raises(SourceError, match="missing.png: labelled image cannot be read"):
        audit(fixture_dir, read_labels(fixture_dir / "heads.csv"), _left_half)
