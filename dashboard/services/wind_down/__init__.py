"""The wind-down: takedown metrics, desk metrics, the manager page view, readiness and the two-person shutdown."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "desk_metrics": ("ARRIVALS", "DECISIONS", "hour_index", "DeskSummary", "desk_summary"),
    "metrics": ("Filters", "takedowns_per_day", "public_live_by_category", "burn_down", "MAX_PROJECTION_DAYS",
        "Projection", "project_zero", "state_counts", "welfare_by_certification", "merchant_by_sticker"),
    "shutdown": ("ESCALATION_SLA", "ChecklistItem", "all_green", "readiness", "request_shutdown", "pending",
        "cancel_shutdown", "confirm_shutdown"),
    "transparency": ("Transparency", "month_bounds", "transparency", "transparency_csv", "transparency_pdf"),
    "view": ("DEFAULT_DAYS", "SLA_WINDOW", "PendingShutdown", "WindDownView", "load_view", "period",
        "default_period", "default_filters"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
