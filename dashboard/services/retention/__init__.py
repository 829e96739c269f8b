"""Retention: legal holds, the purge of expired personal data, and case-file exports for legal requests."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "case_files": ("case_file",),
    "holds": ("place_hold", "release_hold", "is_held", "held_stream_ids", "HoldRow", "active_holds"),
    "expiry": ("PurgeSummary", "purge", "PurgeRun", "recent_purges"),
    "view": ("RetentionView", "retention_view"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
