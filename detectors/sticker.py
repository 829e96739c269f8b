"""Consent-sticker check: decode QR codes in a frame with OpenCV."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class QRCode:
    """A decoded QR payload and its corner points in pixels."""

    payload: str
    corners: tuple[tuple[float, float], ...]


def decode_qr(image: np.ndarray) -> list[QRCode]:
    """Every QR code OpenCV can decode in the frame (empty payloads are dropped)."""
    detector = cv2.QRCodeDetector()
    ok, payloads, points, _ = detector.detectAndDecodeMulti(image)
    if not ok or points is None:
        return []
    return [QRCode(text, tuple((float(x), float(y)) for x, y in quad))
            for text, quad in zip(payloads, points) if text]
