"""All ORM models; importing this package registers every table on Base.metadata."""
from dashboard.db.models.actions import AuditEvent, ShutdownRequest, Takedown
from dashboard.db.models.compliance import (
    CampusShare, CampusTeacher, ConsentSticker, StickerVerification, WelfareAudit,
)
from dashboard.db.models.people import LoginSession, Owner, User
from dashboard.db.models.reports import (
    DecisionDraft, HandoverNote, IntakeRejection, PresetReason, Report, ReportHourCount,
)
from dashboard.db.models.jobs import ScanJob, SchedulerLease
from dashboard.db.models.notices import Appeal, OwnerNotice
from dashboard.db.models.retention import LegalHold
from dashboard.db.models.scans import Flag, Observation, Scan
from dashboard.db.models.streams import EnablementRequest, EnablementStepRecord, Stream

__all__ = [
    "Appeal", "AuditEvent", "CampusShare", "CampusTeacher", "ConsentSticker", "DecisionDraft", "EnablementRequest",
    "EnablementStepRecord", "Flag", "HandoverNote", "IntakeRejection", "LegalHold", "LoginSession", "Observation",
    "Owner", "OwnerNotice", "PresetReason", "Report", "ReportHourCount", "Scan", "ScanJob", "SchedulerLease", "ShutdownRequest",
    "StickerVerification", "Stream",
    "Takedown", "User", "WelfareAudit",
]
