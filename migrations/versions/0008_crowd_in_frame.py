"""crowd in frame: a verdict and a flag kind for stills and short clips that show several people

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from dashboard.db.enum_checks import replace_enum_check

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_VERDICTS = ("public_foot_traffic", "clear", "unknown")
NEW_VERDICTS = OLD_VERDICTS + ("crowd_in_frame",)
OLD_KINDS = ("foot_traffic", "faces_in_private", "sticker_missing", "sticker_invalid", "category_mismatch")
NEW_KINDS = OLD_KINDS + ("crowd_in_frame",)


def _checks(verdicts: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    replace_enum_check("scans", "verdict", "verdict", verdicts)
    replace_enum_check("flags", "kind", "flag_kind", kinds)


def upgrade() -> None:
    _checks(NEW_VERDICTS, NEW_KINDS)


def downgrade() -> None:
    op.execute("UPDATE scans SET verdict = 'unknown' WHERE verdict = 'crowd_in_frame'")
    op.execute("DELETE FROM flags WHERE kind = 'crowd_in_frame'")
    _checks(OLD_VERDICTS, OLD_KINDS)
