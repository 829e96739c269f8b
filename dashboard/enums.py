"""The console's vocabulary: states, roles, reasons and categories, stored as CHECK-constrained strings.

Shared by every layer (the database models, services, pages) and importing nothing of them. Each code carries the
words people read for it (Vocabulary.label); the audit log's actions and the hourly metrics are codes only (the
audit log has its own words, ui.audit_words).
"""
from __future__ import annotations

from enum import StrEnum

from dashboard.messages import N_
from detectors import scene


class Vocabulary(StrEnum):
    """A code stored in the database, with the words people read for it beside it (marked for the catalogue;
    ui.formatting.label says them in the reader's language)."""

    label: str

    def __new__(cls, value: str, label: str) -> "Vocabulary":
        member = str.__new__(cls, value)
        member._value_, member.label = value, label
        return member


class Role(Vocabulary):
    REVIEWER = "reviewer", N_("Reviewer")
    COMPLIANCE_LEAD = "compliance_lead", N_("Compliance lead")
    MANAGER = "manager", N_("Manager")
    ADMIN = "admin", N_("Admin")
    TEACHER = "teacher", N_("Teacher")  # sets campus viewing passwords for the schools they are granted


class OwnerKind(Vocabulary):
    INDIVIDUAL = "individual", N_("Individual")
    MERCHANT = "merchant", N_("Merchant")
    SCHOOL = "school", N_("School")
    FARM_COOP = "farm_coop", N_("Farm coop")
    WELFARE_ORG = "welfare_org", N_("Welfare org")


class CheckStatus(Vocabulary):
    NOT_STARTED = "not_started", N_("Not started")
    PENDING = "pending", N_("Pending")
    PASSED = "passed", N_("Passed")
    FAILED = "failed", N_("Failed")


class Category(Vocabulary):
    PET = "pet", N_("Pet")
    SCENERY = "scenery", N_("Scenery")
    CRAFT = "craft", N_("Craft")
    AGRICULTURE = "agriculture", N_("Agriculture")
    POVERTY_ALLEVIATION = "poverty_alleviation", N_("Poverty alleviation")
    ECOLOGICAL_AGRICULTURE = "ecological_agriculture", N_("Ecological agriculture")
    CAMPUS = "campus", N_("Campus")
    SHOP = "shop", N_("Shop")
    RESTAURANT = "restaurant", N_("Restaurant")
    OTHER = "other", N_("Other")


WELFARE_CATEGORIES = frozenset({Category.POVERTY_ALLEVIATION, Category.ECOLOGICAL_AGRICULTURE})
MERCHANT_CATEGORIES = frozenset({Category.SHOP, Category.RESTAURANT})


class PlaceType(Vocabulary):
    HOME = "home", N_("Home")
    SHOP = "shop", N_("Shop")
    RESTAURANT = "restaurant", N_("Restaurant")
    STREET = "street", N_("Street")
    SQUARE = "square", N_("Square")
    CLASSROOM = "classroom", N_("Classroom")
    FARM = "farm", N_("Farm")
    NATURE = "nature", N_("Nature")
    WORKSHOP = "workshop", N_("Workshop")
    OTHER = "other", N_("Other")


FOOT_TRAFFIC_PLACES = frozenset({PlaceType.SHOP, PlaceType.RESTAURANT, PlaceType.STREET, PlaceType.SQUARE})
PRIVATE_PLACES = frozenset({PlaceType.HOME})  # people there are a privacy matter, never foot traffic


class Visibility(Vocabulary):
    PUBLIC = "public", N_("Public")
    PRIVATE_SHARED = "private_shared", N_("Private shared")
    OFF = "off", N_("Off")


class StreamState(Vocabulary):
    LIVE = "live", N_("Live")
    SUSPENDED = "suspended", N_("Suspended")
    TAKEN_DOWN = "taken_down", N_("Taken down")
    SHUT_DOWN = "shut_down", N_("Shut down")


class WelfareCertification(Vocabulary):
    NOT_APPLICABLE = "not_applicable", N_("Not applicable")
    PENDING = "pending", N_("Pending")
    CERTIFIED = "certified", N_("Certified")
    REVOKED = "revoked", N_("Revoked")


class StickerStatus(Vocabulary):
    NOT_REQUIRED = "not_required", N_("Not required")
    MISSING = "missing", N_("Missing")
    ISSUED = "issued", N_("Issued")
    VERIFIED = "verified", N_("Verified")
    FAILED = "failed", N_("Failed")
    REVOKED = "revoked", N_("Revoked")


class EnablementStep(Vocabulary):
    REAL_NAME = "real_name", N_("Real name")
    TERMS = "terms", N_("Terms")
    CATEGORY_DECLARED = "category_declared", N_("Category declared")
    CATEGORY_REQUIREMENT = "category_requirement", N_("Category requirement")
    BACKGROUND_REVIEW = "background_review", N_("Background review")


class EnablementStatus(Vocabulary):
    IN_PROGRESS = "in_progress", N_("In progress")
    APPROVED = "approved", N_("Approved")
    REJECTED = "rejected", N_("Rejected")
    CANCELLED = "cancelled", N_("Cancelled")


class JobStatus(Vocabulary):
    QUEUED = "queued", N_("Queued")
    RUNNING = "running", N_("Running")
    FAILED = "failed", N_("Failed")  # an attempt failed; a retry follows
    DONE = "done", N_("Done")
    DEAD = "dead", N_("Dead")  # every retry failed: shown on the Scan flags page with its reason


OPEN_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)  # a job still on its way


class ScanStatus(Vocabulary):
    RUNNING = "running", N_("Running")
    DONE = "done", N_("Done")
    FAILED = "failed", N_("Failed")


class Verdict(Vocabulary):
    """A scan's verdict: the scene scorer's codes (detectors.scene), with the words people read."""

    PUBLIC_FOOT_TRAFFIC = scene.FOOT_TRAFFIC, N_("Public foot traffic")
    CLEAR = scene.CLEAR, N_("Clear")
    UNKNOWN = scene.UNKNOWN, N_("Unknown")
    CROWD_IN_FRAME = scene.CROWD_IN_FRAME, N_("Crowd in frame")  # a still or short clip with people: reviewed


class FlagKind(Vocabulary):
    FOOT_TRAFFIC = "foot_traffic", N_("Foot traffic")
    FACES_IN_PRIVATE = "faces_in_private", N_("Faces in private")
    STICKER_MISSING = "sticker_missing", N_("Sticker missing")
    STICKER_INVALID = "sticker_invalid", N_("Sticker invalid")
    CATEGORY_MISMATCH = "category_mismatch", N_("Category mismatch")
    CROWD_IN_FRAME = "crowd_in_frame", N_("Crowd in frame")


class FlagStatus(Vocabulary):
    OPEN = "open", N_("Open")
    CONFIRMED = "confirmed", N_("Confirmed")
    DISMISSED = "dismissed", N_("Dismissed")


class ReportReason(Vocabulary):
    PRIVACY = "privacy", N_("Privacy")
    MINORS = "minors", N_("Minors")
    INDECENT = "indecent", N_("Indecent")
    OTHER = "other", N_("Other")


class ReportStatus(Vocabulary):
    OPEN = "open", N_("Open")
    ESCALATED = "escalated", N_("Escalated")
    CLOSED = "closed", N_("Closed")


class Decision(Vocabulary):
    """A reviewer's decision on a report: its code, its words, its button's words on the desk, and whether a
    compliance lead may also take it on an escalation."""

    action: str
    on_escalations: bool

    def __new__(cls, value: str, label: str, action: str, on_escalations: bool = True) -> "Decision":
        member = Vocabulary.__new_member__(cls, value, label)  # the code and its words, as every vocabulary's
        member.action, member.on_escalations = action, on_escalations
        return member

    DISMISS = "dismiss", N_("Dismiss"), N_("Dismiss")
    TAKE_DOWN = "take_down", N_("Take down"), N_("Take the stream down")
    MAKE_PRIVATE = "make_private", N_("Make private"), N_("Make the stream private")
    ESCALATE = "escalate", N_("Escalate"), N_("Escalate to a compliance lead"), False


class HourMetric(StrEnum):
    """What a report_hour_counts row counts (kept by triggers, see migration 0007)."""

    RECEIVED = "received"  # reports received in the hour, per priority
    DECIDED = "decided"  # reports a reviewer decided in the hour (not those closed by a sibling's takedown)
    LATE = "late"  # reports received in the hour and decided after their SLA, per priority and decider


class StickerVerificationOutcome(Vocabulary):
    VALID = "valid", N_("Valid")
    WRONG_STREAM = "wrong_stream", N_("Wrong stream")
    REVOKED = "revoked", N_("Revoked")
    FORGED = "forged", N_("Forged")
    REJECTED = "rejected", N_("Rejected")


class VerificationMethod(Vocabulary):
    SCAN = "scan", N_("Scan")
    MANUAL = "manual", N_("Manual")


class WelfareDecision(Vocabulary):
    CERTIFY = "certify", N_("Certify")
    RECATEGORISE = "recategorise", N_("Recategorise")
    REVOKE = "revoke", N_("Revoke")


class TakedownReason(Vocabulary):
    FOOT_TRAFFIC = "foot_traffic", N_("Foot traffic")
    PRIVACY = "privacy", N_("Privacy")
    MINORS = "minors", N_("Minors")
    INDECENT = "indecent", N_("Indecent")
    STICKER_MISSING = "sticker_missing", N_("Sticker missing")
    WELFARE_REVOKED = "welfare_revoked", N_("Welfare revoked")
    CAMPUS_PUBLIC = "campus_public", N_("Campus public")
    SHUTDOWN = "shutdown", N_("Shutdown")
    OTHER = "other", N_("Other")


class TakedownSource(Vocabulary):
    REPORT = "report", N_("Report")
    SCAN_FLAG = "scan_flag", N_("Scan flag")
    POLICY_SWEEP = "policy_sweep", N_("Policy sweep")
    SHUTDOWN = "shutdown", N_("Shutdown")


class ShutdownStatus(Vocabulary):
    PENDING = "pending", N_("Pending")
    EXECUTED = "executed", N_("Executed")
    CANCELLED = "cancelled", N_("Cancelled")


class NoticeKind(Vocabulary):
    """What a statement of reasons tells an owner."""

    TAKE_DOWN = "take_down", N_("Take down")
    SUSPEND = "suspend", N_("Suspend")
    MAKE_PRIVATE = "make_private", N_("Make private")
    STICKER_REVOKED = "sticker_revoked", N_("Sticker revoked")
    SHUT_DOWN = "shut_down", N_("Shut down")
    APPEAL_UPHELD = "appeal_upheld", N_("Appeal upheld")
    APPEAL_OVERTURNED = "appeal_overturned", N_("Appeal overturned")


class NoticeSource(Vocabulary):
    """Where the decision a notice tells of came from (what appeal outcomes grade)."""

    SCAN_FLAG = "scan_flag", N_("Scan flag")
    USER_REPORT = "user_report", N_("User report")
    REVIEWER = "reviewer", N_("Reviewer")
    COMPLIANCE = "compliance", N_("Compliance")
    SHUTDOWN = "shutdown", N_("Shutdown")


class DeliveryState(Vocabulary):
    PENDING = "pending", N_("Pending")
    DELIVERED = "delivered", N_("Delivered")
    FAILED = "failed", N_("Failed")


class AppealStatus(Vocabulary):
    OPEN = "open", N_("Open")
    UPHELD = "upheld", N_("Upheld")
    OVERTURNED = "overturned", N_("Overturned")


class AuditAction(StrEnum):
    """Every action the audit log records (entity.verb); the one vocabulary of the log, exports and the page."""

    APPEAL_CLAIM = "appeal.claim"
    APPEAL_INTAKE = "appeal.intake"
    APPEAL_OVERTURN = "appeal.overturn"
    APPEAL_RELEASE = "appeal.release"
    APPEAL_UPHOLD = "appeal.uphold"
    CAMPUS_GRANT_TEACHER = "campus.grant_teacher"
    CASE_FILE_EXPORT = "case_file.export"
    CAMPUS_LOCKOUT = "campus.lockout"
    CAMPUS_SET_PASSWORD = "campus.set_password"
    CAMPUS_SWEEP = "campus.sweep"
    DEMO_SEED = "demo.seed"
    ENABLEMENT_BACKGROUND_REVIEW = "enablement.background_review"
    ENABLEMENT_CATEGORY_DECLARED = "enablement.category_declared"
    ENABLEMENT_CATEGORY_REQUIREMENT = "enablement.category_requirement"
    ENABLEMENT_REAL_NAME = "enablement.real_name"
    ENABLEMENT_START = "enablement.start"
    ENABLEMENT_TERMS = "enablement.terms"
    EVIDENCE_REVEAL = "evidence.reveal"
    FLAG_CONFIRM = "flag.confirm"
    FLAG_DISMISS = "flag.dismiss"
    HANDOVER_ACKNOWLEDGE = "handover.acknowledge"
    HANDOVER_ADD = "handover.add"
    LEGAL_HOLD_PLACE = "legal_hold.place"
    LEGAL_HOLD_RELEASE = "legal_hold.release"
    PRESETS_UPDATE = "presets.update"
    REPORT_CLAIM = "report.claim"
    REPORT_CLOSE_WITH_TAKEDOWN = "report.close_with_takedown"
    REPORT_DECIDE = "report.decide"
    REPORT_IMPORT = "report.import"
    REPORT_INTAKE = "report.intake"
    REPORT_RELEASE = "report.release"
    REPORT_REOPEN = "report.reopen"
    REPORT_UNDO = "report.undo"
    RETENTION_PURGE = "retention.purge"
    SCAN_RECORD = "scan.record"
    SCAN_JOB_REQUEUE = "scan_job.requeue"
    SHUTDOWN_CANCEL = "shutdown.cancel"
    SHUTDOWN_EXECUTE = "shutdown.execute"
    SHUTDOWN_REQUEST = "shutdown.request"
    STICKER_ISSUE = "sticker.issue"
    STICKER_REJECT = "sticker.reject"
    STICKER_REVOKE = "sticker.revoke"
    STICKER_VERIFICATION_FAILED = "sticker.verification_failed"
    STICKER_VERIFY = "sticker.verify"
    STREAM_ENABLE = "stream.enable"
    STREAM_IMPORT = "stream.import"
    STREAM_MAKE_PRIVATE = "stream.make_private"
    STREAM_MAKE_PUBLIC = "stream.make_public"
    STREAM_RESTORE = "stream.restore"
    STREAM_SHUT_DOWN = "stream.shut_down"
    STREAM_STICKER_REVOKED = "stream.sticker_revoked"
    STREAM_SUSPEND = "stream.suspend"
    STREAM_TAKE_DOWN = "stream.take_down"
    STREAM_UNSUSPEND = "stream.unsuspend"
    USER_ACTIVATE = "user.activate"
    USER_CHANGE_PASSWORD = "user.change_password"
    USER_CHANGE_ROLE = "user.change_role"
    USER_CREATE = "user.create"
    USER_DEACTIVATE = "user.deactivate"
    USER_LOCKED = "user.locked"
    USER_LOGIN = "user.login"
    USER_LOGIN_FAILED = "user.login_failed"
    USER_LOGOUT = "user.logout"
    USER_RESET_PASSWORD = "user.reset_password"
    WELFARE_CERTIFY = "welfare.certify"
    WELFARE_RECATEGORISE = "welfare.recategorise"
    WELFARE_REVOKE = "welfare.revoke"
