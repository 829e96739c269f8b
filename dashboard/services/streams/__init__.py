"""Streams: look-ups and the moderators' actions, and the lifecycle, the one owner of a stream's state and
visibility.
"""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "lifecycle": ("snapshot", "live_blockers", "require_may_go_live", "move", "shut_down_all", "seeded"),
    "moderation": ("get_stream", "stream_by_ref", "take_down", "make_private", "restore", "compliance_defaults", "find_streams",
        "takedown_history", "TakedownRow", "StreamView", "stream_view"),
    "notices": ("Decided", "restricting", "tell_owner", "tell_owners_of_shutdown", "for_takedown", "for_report",
                "backend", "scan_facts", "render"),
    "outbox": ("Sent", "DeliveryRun", "deliver_due", "sender", "signature", "post", "append_line", "delivery_counts",
               "failed_notices"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
