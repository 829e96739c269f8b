"""The console's one error hierarchy; the UI turns these into st.error in one place."""
from __future__ import annotations


class ConsoleError(Exception):
    """Base of every error a user of the console should see as a message."""

    title = "Something went wrong"


class ConfigError(ConsoleError):
    """A setting is missing or malformed."""

    title = "Configuration error"


class NotFound(ConsoleError):
    """The requested record does not exist."""

    title = "Not found"


class PermissionDenied(ConsoleError):
    """The acting user's role does not allow this action."""

    title = "Not allowed"


class InvalidInput(ConsoleError):
    """A value given by a user or a file is not acceptable."""

    title = "Invalid input"


class Conflict(ConsoleError):
    """The action collides with the current state (stale claim, already decided...)."""

    title = "Conflict"


class AuthError(ConsoleError):
    """Sign-in or session problems."""

    title = "Sign-in problem"


class InvalidCredentials(AuthError):
    """Unknown user or wrong password (deliberately not told apart)."""


class AccountLocked(AuthError):
    """Too many failed sign-ins; the account is locked for a while."""


class AccountDisabled(AuthError):
    """The account was deactivated by an administrator."""


class SessionExpired(AuthError):
    """The login session is unknown, revoked or past its expiry."""


class ImportRejected(InvalidInput):
    """A file had bad records; nothing of it was imported."""

    def __init__(self, problems: list[tuple[int, str]], source: str = "file") -> None:
        self.problems = problems
        self.source = source
        lines = "; ".join(f"line {n}: {msg}" for n, msg in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{source}: {len(problems)} bad record(s), nothing imported. {lines}{more}")


class ScanFailed(ConsoleError):
    """A stream's source could not be scanned (missing, corrupt, unreachable); the failure is recorded."""

    title = "Scan failed"
