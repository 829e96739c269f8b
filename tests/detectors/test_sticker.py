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
