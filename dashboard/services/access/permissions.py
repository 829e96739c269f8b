"""Which role may do which state-changing action; every service re-checks through require()."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dashboard.enums import Role
from dashboard.db.models import User
from dashboard.errors import PermissionDenied


@dataclass(frozen=True)
class SystemActor:
    """The operator behind the CLI, the worker and the seed: trusted, attributed as 'system'."""

    username: str = "system"
    role: Role = Role.ADMIN
    active: bool = True
    id: None = None


SYSTEM = SystemActor()
Actor = User | SystemActor


class Action(StrEnum):
    """State-changing actions (and the few sensitive reads) guarded by role."""

    MANAGE_USERS = "manage_users"
    IMPORT_DATA = "import_data"
    EXPORT_DATA = "export_data"
    VIEW_AUDIT_LOG = "view_audit_log"
    DECIDE_REPORT = "decide_report"
    DECIDE_ESCALATION = "decide_escalation"
    UNDO_DECISION = "undo_decision"
    RESOLVE_FLAG = "resolve_flag"
    RUN_SCAN = "run_scan"
    REVEAL_EVIDENCE = "reveal_evidence"
    TAKE_DOWN_STREAM = "take_down_stream"
    MAKE_STREAM_PRIVATE = "make_stream_private"
    RESTORE_STREAM = "restore_stream"
    MANAGE_STICKERS = "manage_stickers"
    VERIFY_STICKER = "verify_sticker"
    AUDIT_WELFARE = "audit_welfare"
    MANAGE_CAMPUS = "manage_campus"
    APPROVE_ENABLEMENT = "approve_enablement"
    RECORD_ENABLEMENT_STEP = "record_enablement_step"
    SET_CAMPUS_PASSWORD = "set_campus_password"
    SHUT_DOWN_PLATFORM = "shut_down_platform"
    HOLD_EVIDENCE = "hold_evidence"
    EXPORT_CASE_FILE = "export_case_file"
    PURGE_DATA = "purge_data"
    EDIT_PRESETS = "edit_presets"
    DECIDE_APPEAL = "decide_appeal"


_REVIEWER = {
    Action.DECIDE_REPORT, Action.RESOLVE_FLAG, Action.RUN_SCAN, Action.REVEAL_EVIDENCE,
    Action.TAKE_DOWN_STREAM, Action.MAKE_STREAM_PRIVATE, Action.VERIFY_STICKER, Action.RECORD_ENABLEMENT_STEP,
}
_LEAD = _REVIEWER | {
    Action.DECIDE_ESCALATION, Action.UNDO_DECISION, Action.RESTORE_STREAM, Action.MANAGE_STICKERS,
    Action.AUDIT_WELFARE, Action.MANAGE_CAMPUS, Action.APPROVE_ENABLEMENT, Action.EXPORT_DATA,
    Action.HOLD_EVIDENCE, Action.EXPORT_CASE_FILE, Action.EDIT_PRESETS, Action.DECIDE_APPEAL,
}
_MANAGER = {Action.EXPORT_DATA, Action.RESTORE_STREAM, Action.SHUT_DOWN_PLATFORM}

# Admin runs the platform and may do everything a console role may, including acting as a reviewer in a
# pinch; only an authorised teacher sets a campus viewing password (policy: no one else, not even admin).
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.REVIEWER: frozenset(_REVIEWER),
    Role.COMPLIANCE_LEAD: frozenset(_LEAD),
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(Action) - {Action.SET_CAMPUS_PASSWORD},
    Role.TEACHER: frozenset({Action.SET_CAMPUS_PASSWORD}),
}


def can(user: Actor, action: Action) -> bool:
    """Whether the user's role allows the action (inactive users may do nothing)."""
    return bool(user.active) and action in PERMISSIONS[Role(user.role)]


def require(user: Actor, action: Action) -> None:
    """Raise PermissionDenied unless the user may perform the action."""
    if not can(user, action):
        raise PermissionDenied(
            "{username} ({role}) is not allowed to {action}", username=user.username, role=Role(user.role),
            action=action.value.replace("_", " "))
