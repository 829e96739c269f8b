"""Consent stickers: forging, other streams' and revoked tokens, and the scan path end to end."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from dashboard.config import load_settings
from dashboard.enums import Category, FlagKind, PlaceType, Role, StickerStatus, StickerVerificationOutcome as O
from dashboard.db.models import Flag, StickerVerification, Stream
from dashboard.db.session import unit_of_work
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.services.scanning import runs
from dashboard.services.compliance import sticker_print, stickers
from tests.factories import make_stream, make_user

MEDIA = Path(__file__).resolve().parents[4] / "data" / "media"


def _shop(session):
    return make_stream(session, category=Category.SHOP, place_type=PlaceType.SHOP)


def test_token_signature_and_forgery(settings):
    secret = settings.secret_key.get_secret_value()
    token = stickers.make_token(stream_external_id="shop:7", issued=date(2026, 11, 21), token_id="abc", secret=secret)
    parsed = stickers.parse_token(token, secret=secret)
    assert parsed.stream_external_id == "shop:7" and parsed.token_id == "abc"
    forged = token.replace("shop:7", "shop:8")
    assert stickers.parse_token(forged, secret=secret) is None
    assert stickers.parse_token(token, secret="another-secret-of-32-characters!!") is None
    assert stickers.parse_token("hello world", secret=secret) is None


def test_issue_check_revoke(session, settings):
    lead = make_user(session, role=Role.COMPLIANCE_LEAD)
    shop, other = _shop(session), _shop(session)
    sticker, payload = stickers.issue(session, actor=lead, stream_id=shop.id, settings=settings)
    secret = settings.secret_key.get_secret_value()
    assert shop.sticker_status == StickerStatus.ISSUED
    assert stickers.check_token(session, payload=payload, stream=shop, secret=secret) == (O.VALID, sticker)
    assert stickers.check_token(session, payload=payload, stream=other, secret=secret)[0] == O.WRONG_STREAM
    stickers.revoke(session, actor=lead, sticker_id=sticker.id, reason="merchant closed")
    assert stickers.check_token(session, payload=payload, stream=shop, secret=secret)[0] == O.REVOKED
    assert shop.sticker_status == StickerStatus.REVOKED
    with pytest.raises(InvalidInput, match="stickers are for shops"):
        stickers.issue(session, actor=lead, stream_id=make_stream(session).id, settings=settings)
    with pytest.raises(PermissionDenied):
        stickers.issue(session, actor=make_user(session, role=Role.REVIEWER), stream_id=shop.id, settings=settings)


def test_rendered_sticker_png_and_pdf(settings):
    png = sticker_print.render_png("CS1:x:20261121:abc:sig", title="Noodle bar")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.height > image.width
    decoded = cv2.QRCodeDetector().detectAndDecode(cv2.cvtColor(np.array(image), cv2.COLOR_RGB2BGR))[0]
    assert decoded == "CS1:x:20261121:abc:sig"
    pdf = sticker_print.render_pdf("CS1:x:20261121:abc:sig", title="Noodle bar")
    import pypdfium2

    assert pdf.startswith(b"%PDF-")
    assert "Consent notice sticker: Noodle bar" in pypdfium2.PdfDocument(pdf).get_metadata_dict()["Title"]


def _frame_with_sticker(payload: str, folder: Path) -> Path:
    """A real sample frame with the rendered sticker posted on the wall, saved as a one-frame snapshot folder."""
    frame = cv2.imread(str(MEDIA / "dlib_voc_2008_002506.jpg"))
    sticker = cv2.cvtColor(np.array(Image.open(io.BytesIO(sticker_print.render_png(payload, title="shop")))), cv2.COLOR_RGB2BGR)
    sticker = cv2.resize(sticker, (150, int(150 * sticker.shape[0] / sticker.shape[1])))
    frame[10:10 + sticker.shape[0], 340:340 + sticker.shape[1]] = sticker[: frame.shape[0] - 10]
    folder.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / "0001.png"), frame)
    return folder


@pytest.mark.parametrize("case", ["valid", "bare_token", "other_stream", "revoked", "forged"])
def test_scan_verifies_a_posted_sticker_end_to_end(engine, tmp_path, case):
    settings = load_settings(demo_mode=True, data_dir=tmp_path / "data", yolo_weights=str(tmp_path / "none.pt"),
                             local_source_dirs=[tmp_path])
    with unit_of_work(engine) as session:
        lead = make_user(session, role=Role.COMPLIANCE_LEAD)
        shop, other = _shop(session), _shop(session)
        sticker, payload = stickers.issue(session, actor=lead, stream_id=shop.id, settings=settings)
        if case == "other_stream":
            payload = stickers.issue(session, actor=lead, stream_id=other.id, settings=settings)[1]
        elif case == "revoked":
            stickers.revoke(session, actor=lead, sticker_id=sticker.id, reason="test")
        elif case == "forged":
            payload = payload[:-4] + "AAAA"
        printed = payload if case == "bare_token" else stickers.notice_url(payload, settings=settings)
        shop.source_uri = str(_frame_with_sticker(printed, tmp_path / "snap"))
        lead_id, shop_id = lead.id, shop.id
    runs.scan_stream(lambda: unit_of_work(engine), actor_id=lead_id, stream_id=shop_id, settings=settings)
    with unit_of_work(engine) as session:
        attempts = session.scalars(select(StickerVerification).where(StickerVerification.stream_id == shop_id)).all()
        flags = session.scalars(select(Flag.kind).where(Flag.stream_id == shop_id)).all()
        status = session.get_one(Stream, shop_id).sticker_status
        if case in ("valid", "bare_token"):  # stickers printed before the notice-page link still verify
            assert [a.outcome for a in attempts] == [O.VALID] and status == StickerStatus.VERIFIED
            assert stickers.evidence_file(attempts[0].evidence_path, settings=settings) is not None
            assert flags == []
        else:
            expected = {"other_stream": O.WRONG_STREAM, "revoked": O.REVOKED, "forged": O.FORGED}[case]
            assert [a.outcome for a in attempts] == [expected] and FlagKind.STICKER_INVALID in flags
            assert status != StickerStatus.VERIFIED


def test_manual_verification_checks_the_upload(session, settings, tmp_path):
    lead, reviewer = make_user(session, role=Role.COMPLIANCE_LEAD), make_user(session, role=Role.REVIEWER)
    shop = _shop(session)
    _, payload = stickers.issue(session, actor=lead, stream_id=shop.id, settings=settings)
    with pytest.raises(InvalidInput, match="not a JPEG or PNG"):
        stickers.verify_manual(session, actor=reviewer, stream_id=shop.id, photo=b"%PDF-1.4 not a photo", note="",
                               settings=settings)
    with pytest.raises(InvalidInput, match="limit is"):
        stickers.verify_manual(session, actor=reviewer, stream_id=shop.id, note="", settings=settings,
                               photo=b"\xff\xd8\xff" + b"0" * (settings.max_upload_mb * 1024 * 1024))
    with pytest.raises(InvalidInput, match="could not be decoded"):
        stickers.verify_manual(session, actor=reviewer, stream_id=shop.id, photo=b"\x89PNG\r\n\x1a\nbroken",
                               note="", settings=settings)
    photo = (_frame_with_sticker(payload, tmp_path / "photo") / "0001.png").read_bytes()
    outcome = stickers.verify_manual(session, actor=reviewer, stream_id=shop.id, photo=photo, note="by the door",
                                     settings=settings)
    assert outcome == O.VALID and shop.sticker_status == StickerStatus.VERIFIED
    stickers.reject_manual(session, actor=reviewer, stream_id=shop.id, reason="sticker hidden behind a shelf")
    assert shop.sticker_status == StickerStatus.FAILED


def test_small_stickers_decode_reliably():
    """Twenty different tokens, each posted only 120 px wide in a real photo: every one is read."""
    import random

    from detectors.sticker import decode_qr

    rng, frame = random.Random(7), cv2.imread(str(MEDIA / "dlib_voc_2008_002506.jpg"))
    for i in range(20):
        payload = stickers.make_token(stream_external_id=f"shop-{i}", issued=date(2026, 11, 21),
                                      token_id=f"{rng.getrandbits(64):016x}", secret="s" * 40)
        sticker = cv2.cvtColor(np.array(Image.open(io.BytesIO(sticker_print.render_png(payload, title="shop")))),
                               cv2.COLOR_RGB2BGR)
        sticker = cv2.resize(sticker, (120, int(120 * sticker.shape[0] / sticker.shape[1])), interpolation=cv2.INTER_AREA)
        posted = frame.copy()
        posted[10:10 + sticker.shape[0], 300:420] = sticker
        assert payload in [c.payload for c in decode_qr(posted)], i


def test_a_photo_bomb_is_refused_before_it_is_decoded(settings):
    from dashboard.errors import InvalidInput
    from dashboard.services.compliance.stickers import read_photo
    from tests.detectors.test_images import png_bomb

    with pytest.raises(InvalidInput, match="megapixel limit"):
        read_photo(png_bomb(), settings=settings)


@pytest.mark.parametrize(("text", "token"), [
    ("https://live.example.cn/notice?t=CS1%3Astr-1%3A20261130%3Aab%3Asig", "CS1:str-1:20261130:ab:sig"),
    ("CS1:str-1:20261130:ab:sig", "CS1:str-1:20261130:ab:sig"),
    ("https://live.example.cn/notice?t=somethingelse", None),
    ("WIFI:S:shop;T:WPA;P:secret;;", None),
])
def test_the_token_is_read_from_a_notice_link_or_a_bare_token(text, token):
    assert stickers.token_from_qr(text) == token


def test_a_sticker_qr_opens_the_public_notice_page(settings):
    url = stickers.notice_url("CS1:str-1:20261130:ab:sig", settings=settings)
    assert url.startswith(settings.public_notice_url + "?t=CS1")
    assert stickers.token_from_qr(url) == "CS1:str-1:20261130:ab:sig"


def _shapes_where_titles_differ(real: np.ndarray, boxes: np.ndarray) -> tuple[int, int]:
    """Distinct glyph shapes (ink split at blank columns), line by line, in the rows where two renders differ only by
    the title: a real Chinese title gives as many shapes as characters, missing glyphs one box shape repeated."""
    differ = np.flatnonzero((real != boxes).any(axis=tuple(range(1, real.ndim))))
    lines = np.split(differ, np.flatnonzero(np.diff(differ) > 1) + 1)
    counts = []
    for image in (real, boxes):
        grey = image.mean(axis=2) if image.ndim == 3 else image
        shapes = set()
        for line in lines:
            band = grey[line[0]:line[-1] + 1] < 128
            inked = np.flatnonzero(band.any(axis=0))
            runs = np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1) if len(inked) else []
            shapes |= {band[:, r[0]:r[-1] + 1].tobytes() for r in runs}
        counts.append(len(shapes))
    return counts[0], counts[1]


TITLE, NO_GLYPHS = "老王牛肉面馆东四店", "\ue000" * 9  # private-use characters: no font has them


def test_the_sticker_speaks_chinese_first_with_real_glyphs():
    from dashboard.services.compliance.sticker_print import NOTICE_ZH

    def render(title: str) -> np.ndarray:
        return np.array(Image.open(io.BytesIO(sticker_print.render_png("CS1:x:20261121:abc:sig", title=title))).convert("L"))

    real, boxes = _shapes_where_titles_differ(render(TITLE), render(NO_GLYPHS))
    assert real >= boxes + 6, (real, boxes)  # nine different characters, twice (Chinese line and English line)
    assert NOTICE_ZH.startswith("提示")


def test_the_sticker_pdf_carries_the_chinese_glyphs():
    import pypdfium2

    def render(title: str) -> np.ndarray:  # the sticker image the PDF carries, as the printer gets it
        pdf = sticker_print.render_pdf("CS1:x:20261121:abc:sig", title=title)
        [image] = [o for o in pypdfium2.PdfDocument(pdf)[0].get_objects() if isinstance(o, pypdfium2.PdfImage)]
        return image.get_bitmap().to_numpy()[..., :3]

    real, boxes = _shapes_where_titles_differ(render(TITLE), render(NO_GLYPHS))
    assert real >= boxes + 6, (real, boxes)
