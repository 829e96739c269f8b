"""Scanning: scans of streams (how, when, the run itself, jobs for many machines) and the flags they raise."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "flags": ("list_flags", "confirm_flag", "dismiss_flag", "get_flag", "FlagView", "flag_view"),
    "runs": ("start_scan", "detect", "fail_scan", "record_scan", "scan_stream", "fail_interrupted"),
    "scans": ("scan_config", "stream_scan_config", "private_context", "scan_any_source", "scannable_streams",
        "due_streams", "recent_scans"),
    "sources": ("ALLOWED_SCHEMES", "check_source"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
