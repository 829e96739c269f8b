"""The 24-hour report desk: intake from the report button, the queue and SLA deadlines, claims and decisions,
hand-over notes.
"""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "decisions": ("Queue", "QUEUE_STATUS", "get_report", "claim_next", "claim", "held_report", "holds_lease", "renew", "release", "decide", "undo"),
    "drafts": ("Draft", "load_draft", "save_draft", "drop_draft", "drafted_report"),
    "handover": ("MAX_NOTE", "add_note", "recent_notes", "acknowledge"),
    "intake": ("INTAKE_SUFFIXES", "IntakeSummary", "intake_reports", "intake_file", "reject_file", "process_inbox",
        "recent_rejections", "rejection_reason"),
    "presets": ("MAX_PRESETS", "preset_reasons", "set_preset_reasons", "compose_reason"),
    "reports": ("PRIORITY_NAMES", "priority_for", "sla_deadline", "queue_overview", "stream_reports", "report_by_ref",
        "DecidedRow", "undoable_reports", "DUE_SOON", "Calling", "calling_reports", "new_report"),
    "sla": ("report_times", "summary_by_priority", "decisions_since", "start_of_day", "window", "summary"),
    "view": ("CurrentReport", "current_report"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
