"""The console's vocabulary: states, roles, reasons and categories, stored as CHECK-constrained strings.

Shared by every layer (the database models, services, pages) and importing nothing of them.
"""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REVIEWER = "reviewer"
    COMPLIANCE_LEAD = "compliance_lead"
    MANAGER = "manager"
    ADMIN = "admin"
    TEACHER = "teacher"  # sets campus viewing passwords for the schools they are granted


class OwnerKind(StrEnum):
    INDIVIDUAL = "individual"
    MERCHANT = "merchant"
    SCHOOL = "school"
    FARM_COOP = "farm_coop"
    WELFARE_ORG = "welfare_org"


class CheckStatus(StrEnum):
    NOT_STARTED = "not_started"
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class Category(StrEnum):
    PET = "pet"
    SCENERY = "scenery"
    CRAFT = "craft"
    AGRICULTURE = "agriculture"
    POVERTY_ALLEVIATION = "poverty_alleviation"
    ECOLOGICAL_AGRICULTURE = "ecological_agriculture"
    CAMPUS = "campus"
    SHOP = "shop"
    RESTAURANT = "restaurant"
    OTHER = "other"


WELFARE_CATEGORIES = frozenset({Category.POVERTY_ALLEVIATION, Category.ECOLOGICAL_AGRICULTURE})
MERCHANT_CATEGORIES = frozenset({Category.SHOP, Category.RESTAURANT})


class PlaceType(StrEnum):
    HOME = "home"
    SHOP = "shop"
    RESTAURANT = "restaurant"
    STREET = "street"
    SQUARE = "square"
    CLASSROOM = "classroom"
    FARM = "farm"
    NATURE = "nature"
    WORKSHOP = "workshop"
    OTHER = "other"


FOOT_TRAFFIC_PLACES = frozenset({PlaceType.SHOP, PlaceType.RESTAURANT, PlaceType.STREET, PlaceType.SQUARE})
PRIVATE_PLACES = frozenset({PlaceType.HOME})  # people there are a privacy matter, never foot traffic


class Visibility(StrEnum):
    PUBLIC = "public"
    PRIVATE_SHARED = "private_shared"
    OFF = "off"


class StreamState(StrEnum):
    LIVE = "live"
    SUSPENDED = "suspended"
    TAKEN_DOWN = "taken_down"
    SHUT_DOWN = "shut_down"


class WelfareCertification(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    CERTIFIED = "certified"
    REVOKED = "revoked"


class StickerStatus(StrEnum):
    NOT_REQUIRED = "not_required"
    MISSING = "missing"
    ISSUED = "issued"
    VERIFIED = "verified"
    FAILED = "failed"
    REVOKED = "revoked"


class EnablementStep(StrEnum):
    REAL_NAME = "real_name"
    TERMS = "terms"
    CATEGORY_DECLARED = "category_declared"
    CATEGORY_REQUIREMENT = "category_requirement"
    BACKGROUND_REVIEW = "background_review"


class EnablementStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"  # an attempt failed; a retry follows
    DONE = "done"
    DEAD = "dead"  # every retry failed: shown on the Scan flags page with its reason


OPEN_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)  # a job still on its way


class ScanStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Verdict(StrEnum):
    PUBLIC_FOOT_TRAFFIC = "public_foot_traffic"
    CLEAR = "clear"
    UNKNOWN = "unknown"
    CROWD_IN_FRAME = "crowd_in_frame"  # a still or short clip with several people: no rate, still reviewed


class FlagKind(StrEnum):
    FOOT_TRAFFIC = "foot_traffic"
    FACES_IN_PRIVATE = "faces_in_private"
    STICKER_MISSING = "sticker_missing"
    STICKER_INVALID = "sticker_invalid"
    CATEGORY_MISMATCH = "category_mismatch"
    CROWD_IN_FRAME = "crowd_in_frame"


class FlagStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ReportReason(StrEnum):
    PRIVACY = "privacy"
    MINORS = "minors"
    INDECENT = "indecent"
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    CLOSED = "closed"


class Decision(StrEnum):
    DISMISS = "dismiss"
    TAKE_DOWN = "take_down"
    MAKE_PRIVATE = "make_private"
    ESCALATE = "escalate"


class HourMetric(StrEnum):
    """What a report_hour_counts row counts (kept by triggers, see migration 0007)."""

    RECEIVED = "received"  # reports received in the hour, per priority
    DECIDED = "decided"  # reports a reviewer decided in the hour (not those closed by a sibling's takedown)
    LATE = "late"  # reports received in the hour and decided after their SLA, per priority and decider


class StickerVerificationOutcome(StrEnum):
    VALID = "valid"
    WRONG_STREAM = "wrong_stream"
    REVOKED = "revoked"
    FORGED = "forged"
    REJECTED = "rejected"


class VerificationMethod(StrEnum):
    SCAN = "scan"
    MANUAL = "manual"


class WelfareDecision(StrEnum):
    CERTIFY = "certify"
    RECATEGORISE = "recategorise"
    REVOKE = "revoke"


class TakedownReason(StrEnum):
    FOOT_TRAFFIC = "foot_traffic"
    PRIVACY = "privacy"
    MINORS = "minors"
    INDECENT = "indecent"
    STICKER_MISSING = "sticker_missing"
    WELFARE_REVOKED = "welfare_revoked"
    CAMPUS_PUBLIC = "campus_public"
    SHUTDOWN = "shutdown"
    OTHER = "other"


class TakedownSource(StrEnum):
    REPORT = "report"
    SCAN_FLAG = "scan_flag"
    POLICY_SWEEP = "policy_sweep"
    SHUTDOWN = "shutdown"


class ShutdownStatus(StrEnum):
    PENDING = "pending"
    EXECUTED = "executed"
    CANCELLED = "cancelled"


class NoticeKind(StrEnum):
    """What a statement of reasons tells an owner."""

    TAKE_DOWN = "take_down"
    SUSPEND = "suspend"
    MAKE_PRIVATE = "make_private"
    STICKER_REVOKED = "sticker_revoked"
    SHUT_DOWN = "shut_down"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_OVERTURNED = "appeal_overturned"


class NoticeSource(StrEnum):
    """Where the decision a notice tells of came from (what appeal outcomes grade)."""

    SCAN_FLAG = "scan_flag"
    USER_REPORT = "user_report"
    REVIEWER = "reviewer"
    COMPLIANCE = "compliance"
    SHUTDOWN = "shutdown"


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class AppealStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


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
