"""The console's one error hierarchy; the UI turns these into st.error in one place.

An error carries a message id (English text with {name} placeholders, extracted into the catalogues) and its
parameters; str(error) is the English sentence, and the UI shows it in the reader's language.
"""
from __future__ import annotations

from enum import Enum


def _english(value: object) -> object:
    """A parameter as English text (enum members by their value, lists joined)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_english(item)) for item in value)
    return value.value.replace("_", " ") if isinstance(value, Enum) else value


class ConsoleError(Exception):
    """Base of every error a user of the console should see as a message."""

    title = "Something went wrong"

    def __init__(self, message: str = "", /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**{k: _english(v) for k, v in params.items()}) if params else message)


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
        super().__init__("{source}: {count} bad record(s), nothing imported. {lines}{more}", source=source,
                         count=len(problems), lines=lines, more=more)


class ScanFailed(ConsoleError):
    """A stream's source could not be scanned (missing, corrupt, unreachable); the failure is recorded."""

    title = "Scan failed"
