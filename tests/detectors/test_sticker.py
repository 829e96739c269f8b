"""QR decoding on a real frame with a QR code pasted in, as a posted sticker would appear."""
from __future__ import annotations

import cv2
import numpy as np

from detectors.sticker import decode_qr


def _qr(payload: str, size: int) -> np.ndarray:
    code = cv2.QRCodeEncoder.create().encode(payload)
    code = cv2.resize(code, (size, size), interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(cv2.copyMakeBorder(code, 8, 8, 8, 8, cv2.BORDER_CONSTANT, value=255), cv2.COLOR_GRAY2BGR)


def test_qr_in_a_real_frame_is_decoded_with_its_position(media):
    frame = cv2.imread(str(media / "dlib_voc_2008_002506.jpg"))
    sticker = _qr("consent:stream-42:2026-11-21:sig", 120)
    frame[200:200 + sticker.shape[0], 320:320 + sticker.shape[1]] = sticker
    [code] = decode_qr(frame)
    assert code.payload == "consent:stream-42:2026-11-21:sig"
    xs, ys = zip(*code.corners)
    assert 320 <= min(xs) and max(xs) <= 320 + sticker.shape[1] and 200 <= min(ys) and max(ys) <= 200 + sticker.shape[0]


def test_frame_without_qr_gives_nothing(media):
    assert decode_qr(cv2.imread(str(media / "dlib_voc_2008_001009.jpg"))) == []


def _clip_with_sticker(target, *, seconds: int = 60, shown: tuple[float, float] = (31.0, 36.0), fps: int = 4,
                       payloads: tuple[str, ...] = ("CS1:shop-1:20261121:abc:sig",)):
    """A fixed camera on a still shop front; the stickers are held up from shown[0] to shown[1] seconds."""
    rng = np.random.default_rng(5)
    background = np.clip(rng.normal(140, 12, (360, 640, 3)), 0, 255).astype(np.uint8)
    stickers = [_qr(payload, 110) for payload in payloads]
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, (640, 360))
    for i in range(seconds * fps):
        frame = background.copy()
        if shown[0] <= i / fps < shown[1]:
            for n, sticker in enumerate(stickers):
                frame[100:100 + sticker.shape[0], 60 + 200 * n:60 + 200 * n + sticker.shape[1]] = sticker
        writer.write(frame)
    writer.release()
    return target


def _scan(clip, **config):
    from detectors.frames import SamplingPlan
    from detectors.pipeline import ScanConfig, scan_source

    settings = ScanConfig(plan=SamplingPlan(every_seconds=0.5, max_frames=120), faces_every_frame=False,
                          evidence_frames=1, **config)
    return scan_source(str(clip), config=settings, persons=None, faces=_NoFaces())


class _NoFaces:
    """Faces are not what these tests look at (the clip has none); CenterFace is tested elsewhere."""

    def detect(self, image):
        return []

    detect_thorough = detect


def test_a_sticker_shown_for_5_s_of_a_60_s_window_is_read_on_the_production_schedule(tmp_path):
    clip = _clip_with_sticker(tmp_path / "shop.mp4")
    outcome = _scan(clip)  # ScanConfig's defaults are production's: every 4th sampled frame and the evidence
    assert {code.payload for _, code in outcome.qr_codes} == {"CS1:shop-1:20261121:abc:sig"}
    assert len(outcome.qr_frames) <= 120 // 4 + 1  # the schedule, not every frame


def test_sticker_reading_stops_once_the_scan_has_the_one_it_needs(tmp_path):
    clip = _clip_with_sticker(tmp_path / "shop.mp4", shown=(10.0, 50.0))
    every = _scan(clip, qr_enough=None)
    enough = _scan(clip, qr_enough=lambda text: text.startswith("CS1:shop-1:"))
    assert len(every.qr_frames) > 25 and len(every.qr_codes) > 15
    first = min(index for index, _ in every.qr_codes)
    assert max(enough.qr_frames) == first and len(enough.qr_codes) == 1


def test_a_sticker_of_another_stream_does_not_stop_the_reading(tmp_path):
    clip = _clip_with_sticker(tmp_path / "shop.mp4", shown=(10.0, 50.0), payloads=("CS1:other:20261121:x:sig",))
    outcome = _scan(clip, qr_enough=lambda text: text.startswith("CS1:shop-1:"))
    assert len(outcome.qr_frames) > 25 and not outcome.sticker_read
