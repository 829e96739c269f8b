"""Merchant consent stickers: signed tokens, printable QR stickers, automatic and manual verification."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import cv2
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.clock import utcnow
from dashboard.enums import (
    AuditAction, NoticeKind, NoticeSource,
    MERCHANT_CATEGORIES, FlagKind, FlagStatus, StickerStatus, StreamState, StickerVerificationOutcome as Outcome,
    VerificationMethod,
)
from dashboard.db.models import ConsentSticker, Flag, StickerVerification, Stream
from dashboard.errors import Conflict, InvalidInput, NotFound
from dashboard.services.access import audit
from dashboard.services.access.permissions import Action, Actor, can, require
from dashboard.services.streams import notices
from dashboard.services.streams.lifecycle import snapshot
from dashboard.services.stored_files import stored_file
from dashboard.services.streams.moderation import get_stream
from dashboard.messages import N_
from detectors.errors import DetectorError
from detectors.images import decode_image

PREFIX = "CS1"
IMAGE_MAGIC = {b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:22]  # 132 bits, keeps the QR code small


def make_token(*, stream_external_id: str, issued: date, token_id: str, secret: str) -> str:
    """The QR payload: prefix, stream, issue date and token id, signed with the console's secret key."""
    body = f"{PREFIX}:{stream_external_id}:{issued:%Y%m%d}:{token_id}"
    return f"{body}:{_signature(secret, body)}"


@dataclass(frozen=True)
class ParsedToken:
    """A token whose signature checked out."""

    stream_external_id: str
    issued: str
    token_id: str


def parse_token(payload: str, *, secret: str) -> ParsedToken | None:
    """The token's fields if it is well formed and its signature is ours; None for anything forged."""
    body, _, signature = payload.strip().rpartition(":")
    parts = body.split(":")
    if len(parts) < 4 or parts[0] != PREFIX:
        return None
    if not hmac.compare_digest(signature, _signature(secret, body)):
        return None
    return ParsedToken(":".join(parts[1:-2]), parts[-2], parts[-1])


def check_token(session: Session, *, payload: str, stream: Stream, secret: str) -> tuple[Outcome, ConsentSticker | None]:
    """Is this payload a valid, unrevoked sticker of this very stream?"""
    parsed = parse_token(payload, secret=secret)
    if parsed is None:
        return Outcome.FORGED, None
    sticker = session.scalar(select(ConsentSticker).where(ConsentSticker.token_id == parsed.token_id))
    if sticker is None:
        return Outcome.FORGED, None
    if parsed.stream_external_id != stream.external_id or sticker.stream_id != stream.id:
        return Outcome.WRONG_STREAM, sticker
    if sticker.status == StickerStatus.REVOKED:
        return Outcome.REVOKED, sticker
    return Outcome.VALID, sticker


def _merchant_stream(session: Session, stream_id: int) -> Stream:
    stream = get_stream(session, stream_id=stream_id)
    if stream.category not in MERCHANT_CATEGORIES:
        raise InvalidInput("Stream {stream_id} is a {category} stream; stickers are for shops and restaurants.",
                           stream_id=stream.id, category=stream.category)
    return stream


def issue(session: Session, *, actor: Actor, stream_id: int, settings: Settings) -> tuple[ConsentSticker, str]:
    """Issue a new sticker (revoking any earlier one of the stream); returns it and its QR payload."""
    require(actor, Action.MANAGE_STICKERS)
    stream = _merchant_stream(session, stream_id)
    for old in session.scalars(select(ConsentSticker).where(ConsentSticker.stream_id == stream.id,
                                                            ConsentSticker.status != StickerStatus.REVOKED)):
        _revoke(session, actor=actor, sticker=old, reason=N_("replaced by a new sticker"))
    sticker = ConsentSticker(stream_id=stream.id, token_id=secrets.token_hex(8), status=StickerStatus.ISSUED,
                             issued_at=utcnow(), issued_by_id=actor.id)
    session.add(sticker)
    before = snapshot(stream)
    stream.sticker_status = StickerStatus.ISSUED
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.STICKER_ISSUE, entity_type="sticker", entity_id=sticker.id,
                 before=before, after=snapshot(stream) | {"stream_id": stream.id})
    return sticker, payload_for(sticker, stream=stream, settings=settings)


def payload_for(sticker: ConsentSticker, *, stream: Stream, settings: Settings) -> str:
    """The QR payload printed on a sticker."""
    return make_token(stream_external_id=stream.external_id, issued=sticker.issued_at.date(),
                      token_id=sticker.token_id, secret=settings.secret_key.get_secret_value())


def notice_url(payload: str, *, settings: Settings) -> str:
    """What the QR code holds: the platform's public notice page, carrying the signed token (a phone opens a page,
    not gibberish; the console still verifies the token)."""
    return f"{settings.public_notice_url}?{urlencode({'t': payload})}"


def token_from_qr(text: str) -> str | None:
    """The sticker token in a decoded QR code: a notice-page link with ?t=..., or (older stickers) the bare token."""
    text = text.strip()
    if text.startswith(PREFIX + ":"):
        return text
    token = parse_qs(urlparse(text).query).get("t", [""])[0]
    return token if token.startswith(PREFIX + ":") else None


def signed_for(stream_external_id: str, *, secret: str) -> Callable[[str], bool]:
    """A test for decoded QR texts: is this a sticker signed for this stream? (Ends a scan's sticker reading.)"""
    def test(text: str) -> bool:
        token = token_from_qr(text)
        parsed = parse_token(token, secret=secret) if token else None
        return parsed is not None and parsed.stream_external_id == stream_external_id

    return test


def _revoke(session: Session, *, actor: Actor, sticker: ConsentSticker, reason: str) -> None:
    sticker.status, sticker.revoked_at, sticker.revoke_reason = StickerStatus.REVOKED, utcnow(), reason
    audit.record(session, actor=actor, action=AuditAction.STICKER_REVOKE, entity_type="sticker", entity_id=sticker.id,
                 reason=reason)


def revoke(session: Session, *, actor: Actor, sticker_id: int, reason: str) -> ConsentSticker:
    """Revoke a sticker; its stream then has no valid sticker until a new one is verified."""
    require(actor, Action.MANAGE_STICKERS)
    sticker = session.get(ConsentSticker, sticker_id)
    if sticker is None:
        raise NotFound("No sticker with id {sticker_id}.", sticker_id=sticker_id)
    if sticker.status == StickerStatus.REVOKED:
        raise Conflict("Sticker {sticker_id} is already revoked.", sticker_id=sticker_id)
    reason = audit.require_reason(reason, purpose=N_("to revoke a sticker"))
    _revoke(session, actor=actor, sticker=sticker, reason=reason)
    before = snapshot(sticker.stream)
    sticker.stream.sticker_status = StickerStatus.REVOKED
    audit.record(session, actor=actor, action=AuditAction.STREAM_STICKER_REVOKED, entity_type="stream",
                 entity_id=sticker.stream_id, before=before, after=snapshot(sticker.stream), reason=reason)
    notices.tell_owner(session, actor=actor, stream=sticker.stream, decided=notices.Decided(
        NoticeKind.STICKER_REVOKED, "sticker_missing", NoticeSource.COMPLIANCE, None, {"sticker_id": sticker.id}))
    return sticker


def _verified(session: Session, *, actor: Actor, stream: Stream, sticker: ConsentSticker,
              method: VerificationMethod, evidence: str | None) -> None:
    sticker.status, sticker.verified_at, sticker.verification_method = StickerStatus.VERIFIED, utcnow(), method
    sticker.verified_by_id, sticker.evidence_path = actor.id, evidence
    before = snapshot(stream)
    stream.sticker_status = StickerStatus.VERIFIED
    audit.record(session, actor=actor, action=AuditAction.STICKER_VERIFY, entity_type="sticker", entity_id=sticker.id,
                 before=before, after=snapshot(stream) | {"method": method.value, "evidence": evidence})


def _failed(session: Session, *, actor: Actor, stream: Stream, outcome: Outcome, payload: str,
            evidence: str | None) -> Flag:
    if stream.sticker_status != StickerStatus.VERIFIED:
        stream.sticker_status = StickerStatus.FAILED
    flag = session.scalar(select(Flag).where(Flag.stream_id == stream.id, Flag.kind == FlagKind.STICKER_INVALID,
                                             Flag.status == FlagStatus.OPEN))
    if flag is None:
        flag = Flag(stream_id=stream.id, kind=FlagKind.STICKER_INVALID, status=FlagStatus.OPEN, created_at=utcnow())
        session.add(flag)
    reason = {Outcome.FORGED: N_("QR sticker with a forged or unknown token"),
              Outcome.WRONG_STREAM: N_("QR sticker issued to another stream"),
              Outcome.REVOKED: N_("QR sticker that was revoked")}[outcome]
    flag.details = {"outcome": outcome.value, "payload": payload[:80], "evidence": evidence, "reasons": [reason]}
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.STICKER_VERIFICATION_FAILED, entity_type="stream",
                 entity_id=stream.id, after={"outcome": outcome.value, "flag_id": flag.id}, reason=reason)
    return flag


def _attempt(session: Session, *, actor: Actor, stream: Stream, payload: str, method: VerificationMethod,
             evidence: str | None, secret: str) -> Outcome:
    outcome, sticker = check_token(session, payload=payload, stream=stream, secret=secret)
    session.add(StickerVerification(stream_id=stream.id, sticker_id=sticker.id if sticker else None, method=method,
                                    outcome=outcome, actor_id=actor.id, evidence_path=evidence, at=utcnow(),
                                    note=payload[:200]))
    if outcome == Outcome.VALID:
        if sticker.status != StickerStatus.VERIFIED:
            _verified(session, actor=actor, stream=stream, sticker=sticker, method=method, evidence=evidence)
    else:
        _failed(session, actor=actor, stream=stream, outcome=outcome, payload=payload, evidence=evidence)
    return outcome


def verify_from_scan(session: Session, *, actor: Actor, stream_id: int, payloads: list[str],
                     evidence: str | None, settings: Settings) -> list[Outcome]:
    """Check every consent-sticker QR a scan decoded in the stream's frames (other QR codes are ignored)."""
    stream = get_stream(session, stream_id=stream_id)
    secret = settings.secret_key.get_secret_value()
    return [_attempt(session, actor=actor, stream=stream, payload=p, method=VerificationMethod.SCAN,
                     evidence=evidence, secret=secret)
            for p in sorted({t for t in map(token_from_qr, payloads) if t})]


def read_photo(data: bytes, *, settings: Settings) -> np.ndarray:
    """Decode an uploaded photo, refusing oversized files and anything but JPEG or PNG."""
    limit = settings.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise InvalidInput("The photo is {size:.1f} MB; the limit is {limit} MB.", size=len(data) / 1e6,
                           limit=settings.max_upload_mb)
    if not any(data.startswith(magic) for magic in IMAGE_MAGIC):
        raise InvalidInput("The upload is not a JPEG or PNG photo.")
    try:
        image = decode_image(data, name="the photo")
    except DetectorError as error:
        raise InvalidInput("The photo was refused: {problem}.", problem=error.problem) from None
    if image is None:
        raise InvalidInput("The photo could not be decoded (damaged file?).")
    return image


def _store_photo(image: np.ndarray, *, stream: Stream, settings: Settings) -> str:
    """Anonymise (faces and heads blurred) and store a verification photo; returns its path under the data dir."""
    from dashboard.services.evidence.detectors import face_detector, person_detector
    from detectors.redact import redact_frame

    choice = person_detector(settings)
    with choice.detector.lock:
        covered = redact_frame(image, persons=choice.detector, faces=face_detector(settings))
    folder = settings.evidence_dir / "stickers"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stream.external_id}-{utcnow():%Y%m%dT%H%M%S%f}.jpg"
    cv2.imwrite(str(path), covered, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return str(path.relative_to(settings.data_dir))


def verify_manual(session: Session, *, actor: Actor, stream_id: int, photo: bytes, note: str,
                  settings: Settings) -> Outcome:
    """A reviewer verifies from a photo: a readable QR must be valid; otherwise the reviewer's eyes decide."""
    require(actor, Action.VERIFY_STICKER)
    stream = _merchant_stream(session, stream_id)
    image = read_photo(photo, settings=settings)
    evidence = _store_photo(image, stream=stream, settings=settings)
    from detectors.sticker import decode_qr

    payloads = [t for t in (token_from_qr(c.payload) for c in decode_qr(image)) if t]
    secret = settings.secret_key.get_secret_value()
    if payloads:
        outcomes = [_attempt(session, actor=actor, stream=stream, payload=p, method=VerificationMethod.MANUAL,
                             evidence=evidence, secret=secret) for p in payloads]
        return Outcome.VALID if Outcome.VALID in outcomes else outcomes[0]
    sticker = _current(session, stream)
    session.add(StickerVerification(stream_id=stream.id, sticker_id=sticker.id, method=VerificationMethod.MANUAL,
                                    outcome=Outcome.VALID, actor_id=actor.id, evidence_path=evidence, at=utcnow(),
                                    note=note or "QR not readable in the photo; verified by eye"))
    _verified(session, actor=actor, stream=stream, sticker=sticker, method=VerificationMethod.MANUAL, evidence=evidence)
    return Outcome.VALID


def _current(session: Session, stream: Stream) -> ConsentSticker:
    sticker = session.scalar(select(ConsentSticker).where(ConsentSticker.stream_id == stream.id,
                                                          ConsentSticker.status != StickerStatus.REVOKED)
                             .order_by(ConsentSticker.issued_at.desc()))
    if sticker is None:
        raise Conflict("Stream {stream_id} has no issued sticker; issue one first.", stream_id=stream.id)
    return sticker


def reject_manual(session: Session, *, actor: Actor, stream_id: int, reason: str) -> None:
    """A reviewer rejects the posted sticker (not visible, not conspicuous, damaged...)."""
    require(actor, Action.VERIFY_STICKER)
    reason = audit.require_reason(reason, purpose=N_("to reject a sticker"))
    stream = _merchant_stream(session, stream_id)
    before = snapshot(stream)
    stream.sticker_status = StickerStatus.FAILED
    session.add(StickerVerification(stream_id=stream.id, method=VerificationMethod.MANUAL, outcome=Outcome.REJECTED,
                                    actor_id=actor.id, at=utcnow(), note=reason))
    audit.record(session, actor=actor, action=AuditAction.STICKER_REJECT, entity_type="stream", entity_id=stream.id,
                 before=before, after=snapshot(stream), reason=reason)


def merchant_overview(session: Session) -> list[tuple[Stream, ConsentSticker | None]]:
    """Live merchant streams with their latest sticker, for the stickers page."""
    newest = (select(ConsentSticker.stream_id, func.max(ConsentSticker.id).label("sticker_id"))
              .group_by(ConsentSticker.stream_id).subquery())
    query = (select(Stream, ConsentSticker).outerjoin(newest, newest.c.stream_id == Stream.id)
             .outerjoin(ConsentSticker, ConsentSticker.id == newest.c.sticker_id)
             .where(Stream.category.in_(MERCHANT_CATEGORIES), Stream.state != StreamState.SHUT_DOWN)
             .order_by(Stream.id))
    return [(stream, sticker) for stream, sticker in session.execute(query).all()]


def evidence_file(relative: str | None, *, settings: Settings) -> Path | None:
    """The absolute path of a stored evidence file, if it exists."""
    path = stored_file(settings.data_dir, relative)
    return path if path is not None and path.is_file() else None


@dataclass(frozen=True)
class MerchantView:
    """The stickers page: merchant streams with their newest sticker, and what this viewer may do."""

    rows: list[dict[str, object]]
    may_manage: bool
    may_verify: bool


def merchant_view(session: Session, *, actor: Actor) -> MerchantView:
    """Merchant streams as plain rows (newest sticker, verification evidence path) and the viewer's rights."""
    rows = [{"id": s.id, "stream": s.title, "external_id": s.external_id, "state": s.state.value,
             "sticker": s.sticker_status.value, "owner": s.owner.name, "sticker_id": k.id if k else None,
             "issued": k.issued_at if k else None, "verified": k.verified_at if k else None,
             "method": k.verification_method.value if k and k.verification_method else None,
             "evidence": k.evidence_path if k else None}
            for s, k in merchant_overview(session)]
    return MerchantView(rows, can(actor, Action.MANAGE_STICKERS), can(actor, Action.VERIFY_STICKER))
