"""Words the console shows for codes (roles, priorities, report reasons and states), marked for the catalogue.

formatting.label() turns a code into these English words; t() then gives them in the reader's language.
"""
from __future__ import annotations

from dashboard.ui.navigation import N_

ROLES = [N_("Reviewer"), N_("Compliance lead"), N_("Manager"), N_("Admin"), N_("Teacher")]
PRIORITIES = [N_("urgent"), N_("high"), N_("normal")]
REPORT_REASONS = [N_("Privacy"), N_("Minors"), N_("Indecent"), N_("Other")]
REPORT_STATES = [N_("Open"), N_("Escalated"), N_("Closed")]
