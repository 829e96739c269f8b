"""The page registry: which page each role sees, used by the entry point and by every page."""
from __future__ import annotations

from dataclasses import dataclass

from dashboard.enums import Role

R, L, M, A, T = Role.REVIEWER, Role.COMPLIANCE_LEAD, Role.MANAGER, Role.ADMIN, Role.TEACHER


@dataclass(frozen=True)
class PageSpec:
    """One console page and the roles allowed to open it."""

    key: str
    title: str
    icon: str
    section: str
    roles: frozenset[Role]

    @property
    def path(self) -> str:
        """The page file, relative to the app root."""
        return f"pages/{self.key}.py"


PAGES: list[PageSpec] = [
    PageSpec("report_queue", "Report queue", ":material/inbox:", "Review desk", frozenset({R, L, A})),
    PageSpec("escalations", "Escalations", ":material/priority_high:", "Review desk", frozenset({L, A})),
    PageSpec("scan_flags", "Scan flags", ":material/flag:", "Review desk", frozenset({R, L, A})),
    PageSpec("streams", "Stream lookup", ":material/videocam:", "Review desk", frozenset({R, L, M, A})),
    PageSpec("consent_stickers", "Consent stickers", ":material/qr_code_2:", "Compliance", frozenset({R, L, A})),
    PageSpec("welfare_audits", "Welfare audits", ":material/volunteer_activism:", "Compliance", frozenset({L, A})),
    PageSpec("campus_streams", "Campus streams", ":material/school:", "Compliance", frozenset({L, A, T})),
    PageSpec("enablement", "Enablement", ":material/toggle_on:", "Compliance", frozenset({R, L, A})),
    PageSpec("shutdown_readiness", "Takedowns & readiness", ":material/monitoring:", "Management",
             frozenset({M, A})),
    PageSpec("audit_log", "Audit log", ":material/history:", "Administration", frozenset({A})),
    PageSpec("users", "Users", ":material/group:", "Administration", frozenset({A})),
]
BY_KEY = {spec.key: spec for spec in PAGES}


def pages_for(role: Role) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [spec for spec in PAGES if role in spec.roles]
