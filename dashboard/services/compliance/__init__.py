"""Compliance: consent stickers for merchants, welfare audits, campus privacy, and the five-step enablement."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "campus": ("sweep_public", "grant_teacher", "teacher_streams", "set_password", "AccessResult",
        "check_parent_password", "campus_overview", "CampusView", "campus_view"),
    "enablement": ("STEPS", "start", "next_step", "record_step", "open_requests", "RequestRow", "RequestsView",
        "requests_view"),
    "sticker_print": ("NOTICE", "NOTICE_ZH", "render_png", "render_pdf"),
    "stickers": ("PREFIX", "IMAGE_MAGIC", "make_token", "ParsedToken", "parse_token", "check_token",
        "issue", "payload_for", "notice_url", "token_from_qr", "revoke", "verify_from_scan", "read_photo",
        "verify_manual", "reject_manual",
        "merchant_overview", "evidence_file", "MerchantView", "merchant_view"),
    "welfare": ("DueItem", "spot_checked", "due_queue", "history", "decide", "WelfareStreamView", "stream_view"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
