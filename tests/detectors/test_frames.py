"""Frame sources: sampling, and a clear error (never a hang) for every kind of bad source."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import imageio_ffmpeg
import pytest

from detectors.errors import SourceError
from detectors.frames import SamplingPlan, frames


def test_video_is_sampled_every_n_seconds(media):
    plan = SamplingPlan(every_seconds=0.5)
    sampled = list(frames(str(media / "davis_parkour.mp4"), plan))
    assert [round(f.t_seconds, 2) for f in sampled] == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
    assert sampled[0].image.shape == (480, 854, 3) and plan.warnings == []


def test_max_frames_caps_the_scan(media):
    assert len(list(frames(str(media / "davis_parkour.mp4"), SamplingPlan(every_seconds=0.1, max_frames=5)))) == 5


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(frames(str(tmp_path / "nope.mp4"), SamplingPlan()))


def test_zero_length_video(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.touch()
    with pytest.raises(SourceError, match="empty file"):
        list(frames(str(empty), SamplingPlan()))


def test_corrupt_and_truncated_header_videos(tmp_path, media):
    data = (media / "davis_cows.mp4").read_bytes()
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(data[: len(data) // 2])  # index (moov) is at the end: nothing decodable
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(bytes(range(256)) * 500)
    for path in (truncated, garbage):
        with pytest.raises(SourceError, match="cannot be decoded"):
            list(frames(str(path), SamplingPlan()))


def test_video_cut_mid_stream_keeps_what_was_read_and_warns(tmp_path, media):
    faststart = tmp_path / "faststart.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(media / "davis_parkour.mp4"),
                    "-c", "copy", "-movflags", "+faststart", str(faststart)], check=True, timeout=60)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(faststart.read_bytes()[:1_200_000])
    plan = SamplingPlan(every_seconds=0.25)
    sampled = list(frames(str(cut), plan))
    assert 0 < len(sampled) < 17
    assert "truncated" in plan.warnings[0]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("scheme", ["rtsp", "http"])
def test_unreachable_url_fails_within_the_timeout(scheme):
    plan = SamplingPlan(open_timeout_s=2, read_timeout_s=2)
    start = time.monotonic()
    with pytest.raises(SourceError, match=r"cannot connect to 127\.0\.0\.1:\d+ within 2 s"):
        list(frames(f"{scheme}://127.0.0.1:{_closed_port()}/live", plan))
    assert time.monotonic() - start < 4


def test_snapshot_folder_skips_non_images_with_a_warning(tmp_path, media):
    shutil.copy(media / "dlib_voc_2008_001009.jpg", tmp_path / "a.jpg")
    shutil.copy(media / "dlib_voc_2008_002506.jpg", tmp_path / "b.jpg")
    (tmp_path / "notes.txt").write_text("not a picture")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    plan = SamplingPlan(every_seconds=2)
    sampled = list(frames(str(tmp_path), plan))
    assert len(sampled) == 2 and [f.t_seconds for f in sampled] == [0, 2]
    assert any("notes.txt: not an image" in w for w in plan.warnings)
    assert any("broken.jpg: could not be decoded" in w for w in plan.warnings)


def test_folder_without_images_is_an_error(tmp_path):
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(SourceError, match="no readable image"):
        list(frames(str(tmp_path), SamplingPlan()))
