"""Live network sources: a real MJPEG stream over HTTP is sampled; a server that never sends times out clearly."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from detectors.errors import SourceError
from detectors.frames import SamplingPlan, frames
from tests.live_streams import live_clip, silent_server

CLIP = Path(__file__).resolve().parents[2] / "data" / "media" / "davis_parkour.mp4"


def test_a_live_http_stream_is_sampled_as_it_plays():
    with live_clip(CLIP) as url:
        sampled = list(frames(url, SamplingPlan(every_seconds=0.5, max_frames=3, open_timeout_s=10,
                                                 read_timeout_s=10)))
    assert len(sampled) == 3 and sampled[0].image.shape[2] == 3
    assert [round(f.t_seconds, 1) for f in sampled] == [0.0, 0.5, 1.0]  # sampled at the stream's own rate


def test_a_source_that_never_sends_a_frame_times_out_with_a_clear_reason():
    with silent_server() as url:
        started = time.monotonic()
        with pytest.raises(SourceError, match="accepted the connection but sent no video within 2 s"):
            list(frames(url, SamplingPlan(max_frames=2, open_timeout_s=2, read_timeout_s=2)))
    assert time.monotonic() - started < 10
