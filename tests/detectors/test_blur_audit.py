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


def _left_half(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stand-in anonymiser that fills the left half of every image (no detail left) and says so."""
    mask = np.zeros(image.shape[:2], bool)
    mask[:, : image.shape[1] // 2] = True
    out = image.copy()
    out[mask] = 128
    return out, mask


def test_audit_counts_covered_heads_by_size_and_view(fixture_dir):
    heads = read_labels(fixture_dir / "heads.csv")
    result = audit(fixture_dir, heads, _left_half, negatives=[fixture_dir / "empty.png"])
    assert result.share("all") == pytest.approx(2 / 4)  # the frontal head and the big profile head are covered
    assert result.covered["frontal"] == [1, 1] and result.covered["back"] == [0, 2]
    assert result.covered["< 24 px"] == [1, 3] and result.covered["> 64 px"] == [1, 1]
    assert result.over_blur == [0.0]  # the flat grey image has no detail to lose
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
    ("image,x1,y1,x2,y2,view\na.png,1,1,5,5,back\nb.png,1,1,5,5,back\na.png,1,1,5,5,profile\n",
     "line 4: the same head as line 2"),
])
def test_bad_labels_name_the_line_and_problem(tmp_path, text, problem):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(SourceError, match=problem):
        read_labels(tmp_path / "bad.csv")


@pytest.mark.parametrize("box", ["90,10,120,40", "-3,0,10,10", "10,70,20,90"])
def test_a_labelled_box_outside_its_image_names_its_line(tmp_path, box):
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((80, 100, 3), np.uint8))
    (tmp_path / "heads.csv").write_text(f"image,x1,y1,x2,y2,view\na.png,1,1,9,9,back\na.png,{box},back\n")
    with pytest.raises(SourceError, match=r"a.png: labels line 3: the box .* lies outside the image \(100x80 px\)"):
        audit(tmp_path, read_labels(tmp_path / "heads.csv"), _left_half)


def test_unreadable_labelled_image_is_a_clear_error(fixture_dir):
    (fixture_dir / "heads.csv").write_text("image,x1,y1,x2,y2,view\nmissing.png,1,1,5,5,back\n")
    with pytest.raises(SourceError, match="missing.png: labelled image cannot be read"):
        audit(fixture_dir, read_labels(fixture_dir / "heads.csv"), _left_half)


def _mosaic(patch: np.ndarray, blocks: int) -> np.ndarray:
    h, w = patch.shape[:2]
    small = cv2.resize(patch, (blocks, blocks), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def _face_like(size: int) -> np.ndarray:
    """A textured head-sized patch: features, hair strands and noise, as detail a weak blur leaves readable."""
    rng = np.random.default_rng(3)
    patch = np.full((size, size, 3), 150, np.uint8)
    cv2.circle(patch, (size // 3, size // 3), max(1, size // 10), (30, 30, 30), -1)
    cv2.circle(patch, (2 * size // 3, size // 3), max(1, size // 10), (30, 30, 30), -1)
    cv2.line(patch, (size // 3, 3 * size // 4), (2 * size // 3, 3 * size // 4), (40, 20, 20), max(1, size // 12))
    for x in range(0, size, 3):
        cv2.line(patch, (x, 0), (x + 2, size // 6), (20, 20, 20), 1)
    return np.clip(patch + rng.normal(0, 10, patch.shape), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("size", [20, 48])
def test_the_scorer_fails_a_weak_blur_and_passes_a_strong_one(tmp_path, size):
    canvas = np.full((size * 3, size * 3, 3), 90, np.uint8)
    canvas[size:2 * size, size:2 * size] = _face_like(size)
    cv2.imwrite(str(tmp_path / "h.png"), canvas)
    (tmp_path / "heads.csv").write_text(f"image,x1,y1,x2,y2,view\nh.png,{size},{size},{2 * size},{2 * size},back\n")
    heads = read_labels(tmp_path / "heads.csv")

    def anonymiser(strength: str):
        def cover(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            out, mask = image.copy(), np.zeros(image.shape[:2], bool)
            region = out[size:2 * size, size:2 * size]
            if strength == "weak":  # the failure seen on held-out footage: a 2 px mosaic and a 5 px blur
                region[:] = cv2.GaussianBlur(_mosaic(region, size // 2), (5, 5), 0)
            else:
                region[:] = cv2.GaussianBlur(_mosaic(region, 3), (size // 4 * 2 + 1,) * 2, 0)
            mask[size:2 * size, size:2 * size] = True
            return out, mask
        return cover

    weak, strong = (audit(tmp_path, heads, anonymiser(s)) for s in ("weak", "strong"))
    assert weak.share("all") == 0.0 and weak.masked["all"] == 1  # the mask says covered; the pixels do not
    assert strong.share("all") == 1.0


def test_over_blur_counts_detail_pixels_changed_on_person_free_images(tmp_path):
    image = np.full((100, 100, 3), 128, np.uint8)
    image[::4, :] = 40  # stripes: detail everywhere
    cv2.imwrite(str(tmp_path / "stripes.png"), image)

    def blur_top_quarter(picture: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = picture.copy()
        out[:25] = 100
        return out, np.zeros(picture.shape[:2], bool)

    result = audit(tmp_path, [], blur_top_quarter, negatives=[tmp_path / "stripes.png"])
    assert result.over_blur == [pytest.approx(0.25, abs=0.03)]


def test_a_videos_labelled_frames_are_covered_after_every_earlier_frame_was_watched(tmp_path):
    """As a video's anonymiser does: the motion cue sees frames 0..n in order before frame n is covered."""
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for index in range(8):
        writer.write(np.full((48, 64, 3), index * 30, np.uint8))
    writer.release()
    (tmp_path / "heads.csv").write_text("image,x1,y1,x2,y2,view\n5,2,2,12,12,back\n2,2,2,12,12,frontal\n")
    watched, covered = [], []

    def cover(image):
        covered.append((len(watched), round(image.mean() / 30)))
        return image, np.zeros(image.shape[:2], bool)

    result = audit(path, read_labels(tmp_path / "heads.csv"), cover, watch=lambda image: watched.append(image))
    assert covered == [(3, 2), (6, 5)]  # frame 2 after frames 0-2 were watched, frame 5 after 0-5
    assert len(watched) == 6 and result.share("all") == 0.0


def test_a_labelled_frame_past_the_end_of_a_watched_video_is_a_clear_error(tmp_path):
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    writer.write(np.zeros((48, 64, 3), np.uint8))
    writer.release()
    (tmp_path / "heads.csv").write_text("image,x1,y1,x2,y2,view\n9,2,2,12,12,back\n")
    with pytest.raises(SourceError, match="cannot be read"):
        audit(path, read_labels(tmp_path / "heads.csv"), lambda image: (image, image[..., 0] > 0), watch=print)


@pytest.mark.parametrize(("clip", "labels", "floor"), [
    ("opencv_vtest.mp4", "vtest_heads.csv", 0.92),  # 50 heads of 8-20 px, 21 from behind: 0.96 today, back 21/21
    ("opencv_vtest_tail.mp4", "vtest_tail_heads.csv", 0.9),  # its last 19.5 s: 15 heads from behind, 15/15 today
])
def test_small_heads_on_a_real_fixed_camera_walkway_are_covered_as_measured(ssdlite, faces, clip, labels, floor):
    """Heads on OpenCV's vtest walkway, covered as `anonymize` covers a video; floors under today's numbers so a
    loss shows (the first minute gave 0.76 before upright moving blobs were covered, 0.82 before the blur was as
    wide as a mosaic block, 0.90 before the thorough look's closer tiles where everyone is small)."""
    from pathlib import Path

    from detectors.redact import VideoCover

    data = Path(__file__).resolve().parents[2] / "data"
    video = VideoCover(persons=ssdlite, faces=faces, fps=10.0)
    result = audit(data / "counts" / clip, read_labels(data / "heads" / labels), video.cover, watch=video.watch)
    assert result.share("all") >= floor and result.share("back") >= 0.9, result.rows()


@pytest.mark.parametrize(("folder", "labels"), [
    ("media", "dlib_voc_heads.csv"),  # 43 heads of 42-130 px in dlib's nine PASCAL VOC photos, 13 over 64 px
    ("heads", "more_heads.csv"),  # 8 heads of 41-215 px (7 over 64 px): an office, a street, four portraits
])
def test_large_heads_in_real_photos_keep_no_detail(ssdlite, faces, folder, labels):
    """Covered in the output, not only inside the mask: a blur of two blocks' kernel kept the layout of hair
    against face on 8 of dlib's 13 large heads."""
    from pathlib import Path

    from detectors.redact import cover_frame

    data = Path(__file__).resolve().parents[2] / "data"
    result = audit(data / folder, read_labels(data / "heads" / labels),
                   lambda image: cover_frame(image, persons=ssdlite, faces=faces))
    assert result.share("> 64 px") >= 0.9 and result.share("all") >= 0.9, result.rows()


def test_small_heads_on_walkway_frames_taken_as_stills_are_covered(ssdlite, faces, walkway_stills):
    """The walkway's 65 labelled heads in single photos (no motion cue): 0.94 today (0.89 before a still's closer
    tiles and the small person's second look), every head from behind."""
    from detectors.redact import cover_frame

    result = audit(walkway_stills, read_labels(walkway_stills / "heads.csv"),
                   lambda image: cover_frame(image, persons=ssdlite, faces=faces))
    assert result.share("all") >= 0.9 and result.share("back") >= 0.95, result.rows()
