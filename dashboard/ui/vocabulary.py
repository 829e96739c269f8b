"""Words the console shows that are not a vocabulary code's own (those are in dashboard.enums, beside each code):
table headers, priority words, error titles and what an incident tells people, marked for the catalogue.
"""
from __future__ import annotations

from dashboard.messages import N_

PRIORITIES = [N_("urgent"), N_("high"), N_("normal")]


# Table headers and error titles as formatting.label() and the error boundary show them.
WORDS = [
    N_("Level"), N_("Claimed"), N_("Breached"), N_("Oldest"), N_("Reason"), N_("Status"), N_("Received at"),
    N_("Decided at"), N_("Decision reason"), N_("At"), N_("Source"), N_("Line"), N_("Record"), N_("Problem"),
    N_("Something went wrong"), N_("Configuration error"), N_("Not found"), N_("Not allowed"), N_("Invalid input"),
    N_("Conflict"), N_("Sign-in problem"), N_("Scan failed"), N_("Database unavailable"), N_("Database error"),
    N_("File error"), N_("Unexpected error"), N_("Reference"),
    # table headers and codes of the audit log, the desk's tables and the managers' tables
    N_("Urgent"), N_("High"), N_("Normal"), N_("Change"), N_("Entity"), N_("Demo"), N_("Seed"), N_("Platform"),
    N_("State"), N_("Streams"), N_("Decide"), N_("Login"), N_("Logout"), N_("Decided by ID"), N_("Locked until"),
    N_("Password set"), N_("Views"), N_("Visibility"), N_("External ID"), N_("Method"), N_("Owner"), N_("Sticker"),
    N_("Breach rate"), N_("Claim p50"), N_("Claim p90"), N_("Decision p50"), N_("Decision p90"),
    N_("Active"), N_("Last login"), N_("Name"), N_("Decided"), N_("Next due"), N_("Spot check"), N_("Escalations"),
    N_("Reports"), N_("Arrivals per day"), N_("Decisions per day"), N_("Reviewers per day"), N_("Placed by"),
    N_("Since"), N_("Title"), N_("By"), N_("Evidence frames"), N_("Scans"), N_("Intake rejections"),
    N_("Login sessions"), N_("Held streams"), N_("Actor"), N_("Action"), N_("Public live"), N_("Category"),
    N_("Place type"), N_("Stream"), N_("Decision"), N_("Takedowns"), N_("Day"), N_("Priority"), N_("Username"),
    N_("Role"), N_("Welfare certification"), N_("Sticker status"), N_("Queue"), N_("Lease expires at"), N_("Reasons"),
    N_("Note"), N_("Text"), N_("Received"), N_("Actor name"), N_("Entity type"), N_("Entity ID"), N_("Before"),
    N_("After"), N_("ID"), N_("Attempts"),
    # owner notices and appeals (their kinds, sources and states, and the appeals tables' headers)
    N_("Appeal"), N_("Ground"), N_("Detail"), N_("Overturn rate"), N_("Due"), N_("Claimed by"), N_("Overturned at"),
    N_("Scan ID"), N_("Detector"), N_("People peak"), N_("People per minute"), N_("Share of frames with people"),
    N_("Motion"), N_("Kind"), N_("Notice"),
    # what an incident tells people (dashboard/incidents.py)
    N_("The database cannot be reached or opened right now; try again in a minute, and tell an administrator if "
       "it lasts."),
    N_("The database refused the request; nothing was changed."),
    N_("The request could not be completed; nothing was changed."),
    N_("A file could not be read or written (disk full, missing or read-only folder)."),
    N_("Something went wrong; nothing more was done."),
]


# The parts of audit action codes ('shutdown.execute'), as the audit log shows them.
AUDIT_ACTION_WORDS = [
    N_("Acknowledge"), N_("Add"), N_("Background review"), N_("Case file"), N_("Category requirement"), N_("Claim"),
    N_("Close with takedown"), N_("Enable"), N_("Evidence"), N_("Execute"), N_("Export"), N_("Flag"),
    N_("Grant teacher"), N_("Handover"), N_("Import"), N_("Intake"), N_("Legal hold"), N_("Locked"), N_("Lockout"),
    N_("Login failed"), N_("Make public"), N_("Place"), N_("Presets"), N_("Purge"), N_("Reject"), N_("Release"),
    N_("Reopen"), N_("Request"), N_("Requeue"), N_("Restore"), N_("Retention"), N_("Reveal"), N_("Scan"),
    N_("Scan job"), N_("Start"), N_("Sticker revoked"), N_("Suspend"), N_("Sweep"), N_("Unsuspend"), N_("Update"),
    N_("Verification failed"), N_("Verify"), N_("Welfare"), N_("Uphold"), N_("Overturn"),
]
