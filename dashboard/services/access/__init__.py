"""Who may do what: sign-in and sessions, console users, the role x action permission table, and the audit log (its
only writer).
"""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "audit_labels": ("Change", "EntityRef", "entity_labels", "readable_diff"),
    "audit": ("record", "BulkEvent", "record_many", "require_reason", "AuditFilter", "list_events",
        "distinct_values", "EXPORT_COLUMNS", "export_csv", "EventsView", "events_view"),
    "auth": ("MIN_PASSWORD_LENGTH", "MIN_ZXCVBN_SCORE", "hash_password", "verify_password",
        "check_password_strength", "revoke_sessions", "LoginAttempt", "attempt_login", "resolve_session", "logout",
        "change_password"),
    "lockout": ("Slot", "take_slot", "minutes_left", "reset_slots"),
    "permissions": ("SystemActor", "SYSTEM", "Action", "can", "require"),
    "users": ("USERNAME_RE", "get_user", "list_users", "user_rows", "create_user", "set_active", "change_role",
        "reset_password", "BLUR_RANGE", "set_wellness", "set_language"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
