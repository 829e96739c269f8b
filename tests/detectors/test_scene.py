"""Scene scorer on recorded detections: foot traffic versus a lone person, pets and empty scenes."""
from __future__ import annotations

import random

import pytest

from detectors.scene import CLEAR, FOOT_TRAFFIC, UNKNOWN, FrameCounts, Thresholds, score

T = Thresholds(tracks_per_minute=6, peak_people=4, frames_with_people=0.5)


def _street(seed: int, seconds: int = 60) -> list[FrameCounts]:
    """A recorded street: new passers-by keep entering, each stays 3-8 s."""
    rng = random.Random(seed)
    visits = []
    for track in range(1, 40):
        start = rng.uniform(0, seconds)
        visits.append((track, start, start + rng.uniform(3, 8)))
    counts = []
    for t in range(seconds):
        ids = tuple(track for track, a, b in visits if a <= t <= b)
        counts.append(FrameCounts(float(t), len(ids), ids, faces=len(ids) // 2))
    return counts


def test_street_crowd_is_foot_traffic_with_the_numbers():
    result = score(_street(1), thresholds=T, interval_seconds=1)
    assert result.verdict == FOOT_TRAFFIC
    assert result.tracks_per_minute >= 30 and result.people_peak >= 4
    assert 3 <= result.median_dwell_seconds <= 9
    assert result.reasons[0].code == "tracks_per_minute" and result.reasons[0].values["limit"] == 6
    assert result.reason_texts()[0].startswith("distinct people per minute") and "≥ 6" in result.reason_texts()[0]


def test_one_person_at_a_workbench_is_clear():
    counts = [FrameCounts(float(t), 1, (7,), 1) for t in range(120)]
    result = score(counts, thresholds=T, interval_seconds=1)
    assert result.verdict == CLEAR and result.tracks_per_minute == 0.5 and result.median_dwell_seconds == 120
    assert "peak people in frame 1 < 4" in result.reason_texts()


def test_farmer_passing_twice_is_clear():
    counts = [FrameCounts(float(t), 1 if t % 30 < 5 else 0, (t // 30,) if t % 30 < 5 else ()) for t in range(120)]
    assert score(counts, thresholds=T, interval_seconds=1).verdict == CLEAR


def test_pets_and_scenery_are_clear():
    counts = [FrameCounts(float(t), 0) for t in range(60)]
    result = score(counts, thresholds=T, interval_seconds=1)
    assert result.verdict == CLEAR and result.frames_with_people == 0


def test_a_busy_moment_alone_is_not_enough():
    counts = [FrameCounts(float(t), 6 if t < 5 else 0, tuple(range(6)) if t < 5 else ()) for t in range(60)]
    result = score(counts, thresholds=T, interval_seconds=1)
    assert result.verdict == CLEAR and "share of frames with people 0.083 < 0.5" in result.reason_texts()


def test_degraded_mode_uses_faces_and_says_so():
    counts = [FrameCounts(float(t), 5, (), 5) for t in range(10)]
    result = score(counts, thresholds=T, interval_seconds=1, person_detector=False)
    assert result.verdict == FOOT_TRAFFIC and result.degraded and result.tracks_per_minute is None
    assert result.reasons[0].code == "faces_stand_in" and "person detector unavailable" in result.reason_texts()[0]


def test_no_frames_is_unknown():
    assert score([], thresholds=T, interval_seconds=1).verdict == UNKNOWN


def test_short_clip_of_one_person_is_not_a_high_rate():
    counts = [FrameCounts(t / 2, 1, (1,)) for t in range(8)]  # one man, 4 seconds
    result = score(counts, thresholds=T, interval_seconds=0.5)
    assert result.tracks_per_minute == 1.0 and result.verdict == CLEAR


@pytest.mark.parametrize(("counts", "still", "verdict"), [
    ([FrameCounts(0.0, 6, (1, 2, 3, 4, 5, 6))], True, "crowd_in_frame"),      # one photo of a group
    ([FrameCounts(0.0, 2, (1, 2))], True, CLEAR),                             # a photo of two people
    ([FrameCounts(float(t), 5, (1, 2, 3, 4, 5)) for t in range(4)], False, "crowd_in_frame"),  # 4-s clip, 5 idle
    ([FrameCounts(float(t), 5, (1, 2, 3, 4, 5)) for t in range(60)], False, CLEAR),  # a minute of the same five
])
def test_stills_and_short_clips_with_several_people_reach_a_reviewer(counts, still, verdict):
    result = score(counts, thresholds=T, interval_seconds=1, still=still)
    assert result.verdict == verdict, result.reasons
    if verdict == "crowd_in_frame":
        crowd = result.reasons[-1]
        assert crowd.code == "crowd_in_frame" and crowd.values["span"] == (None if still else 4)
        assert "cannot show a rate" in result.reason_texts()[-1]
