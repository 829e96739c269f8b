"""Owners' appeals against the decisions the console told them of: intake, the four-eyes desk, overturn rates."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "intake": ("intake_appeals", "intake_any_file"),
    "desk": ("get_appeal", "claim_next_appeal", "claim_appeal", "release_appeal", "decide_appeal"),
    "rates": ("AppealFigures", "appeal_figures", "overturn_rates", "overturned_scan_flags"),
    "view": ("AppealOutcomes", "AppealsView", "HeldAppeal", "appeal_outcomes", "appeals_view", "open_appeals",
             "held_appeal"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
