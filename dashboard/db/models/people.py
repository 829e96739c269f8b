"""Console users, their login sessions, and the owners of cameras."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.clock import utcnow
from dashboard.db.base import Base, UTCDateTime, enum_column
from dashboard.enums import CheckStatus, OwnerKind, Role


class User(Base):
    """A person who works in the console."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Wellness (as ROOST Coop offers): evidence shown in grey, and how strongly previews are blurred.
    evidence_grayscale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    evidence_blur: Mapped[int] = mapped_column(Integer, default=31, server_default="31")
    language: Mapped[str | None] = mapped_column(String(8))  # None: the deployment's CONSOLE_LANGUAGE

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class LoginSession(Base):
    """A signed-in browser session; only a hash of its token is stored."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Owner(Base):
    """The account that owns cameras: a person, merchant, school, farm or welfare body."""

    __tablename__ = "owners"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OwnerKind] = mapped_column(enum_column(OwnerKind, "owner_kind"))
    language: Mapped[str | None] = mapped_column(String(8))  # what notices are told in; None: Chinese
    real_name_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    background_check: Mapped[CheckStatus] = mapped_column(
        enum_column(CheckStatus, "background_check"), default=CheckStatus.NOT_STARTED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
