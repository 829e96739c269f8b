"""The page registry: which page each role sees, used by the entry point and by every page."""
from __future__ import annotations

from dataclasses import dataclass

from dashboard.enums import Role
from dashboard.messages import N_

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
    PageSpec("report_queue", N_("Report queue"), ":material/inbox:", N_("Review desk"), frozenset({R, L, A})),
    PageSpec("escalations", N_("Escalations"), ":material/priority_high:", N_("Review desk"), frozenset({L, A})),
    PageSpec("scan_flags", N_("Scan flags"), ":material/flag:", N_("Review desk"), frozenset({R, L, A})),
    PageSpec("streams", N_("Stream lookup"), ":material/videocam:", N_("Review desk"), frozenset({R, L, M, A})),
    PageSpec("consent_stickers", N_("Consent stickers"), ":material/qr_code_2:", N_("Compliance"),
             frozenset({R, L, A})),
    PageSpec("welfare_audits", N_("Welfare audits"), ":material/volunteer_activism:", N_("Compliance"),
             frozenset({L, A})),
    PageSpec("campus_streams", N_("Campus streams"), ":material/school:", N_("Compliance"), frozenset({L, A, T})),
    PageSpec("appeals", N_("Appeals"), ":material/gavel:", N_("Compliance"), frozenset({L, A})),
    PageSpec("enablement", N_("Enablement"), ":material/toggle_on:", N_("Compliance"), frozenset({R, L, A})),
    PageSpec("shutdown_readiness", N_("Takedowns & readiness"), ":material/monitoring:", N_("Management"),
             frozenset({M, A})),
    PageSpec("audit_log", N_("Audit log"), ":material/history:", N_("Administration"), frozenset({A})),
    PageSpec("users", N_("Users"), ":material/group:", N_("Administration"), frozenset({A})),
]
BY_KEY = {spec.key: spec for spec in PAGES}


def pages_for(role: Role) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [spec for spec in PAGES if role in spec.roles]
