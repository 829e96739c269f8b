"""One Settings object, read from CONSOLE_* environment variables and an optional .env file."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashboard.config_sections import (
    Compliance,
    Desk,
    Detection,
    Display,
    Owners,
    Retention,
    ScaleOut,
    Scanning,
    SignIn,
    Storage,
)
from dashboard.errors import ConfigError

ENV_PREFIX = "CONSOLE_"


class Settings(Storage, SignIn, Display, Desk, Detection, Scanning, ScaleOut, Retention, Owners, Compliance,
               BaseSettings):
    """Every tunable of the console: the fields of the sections in `config_sections`, read as CONSOLE_<NAME>."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="forbid", validate_default=True
    )

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'console.sqlite3'}"

    @property
    def inbox_dir(self) -> Path:
        """Where the platform drops report files for the worker to take in."""
        return self.data_dir / "inbox"

    @property
    def outbox_dir(self) -> Path:
        """Where owner notices are written as JSON lines when no notice endpoint is set."""
        return self.data_dir / "outbox"

    @property
    def models_dir(self) -> Path:
        """Where generated model configs are cached (the SSDLite text graph)."""
        return self.data_dir / "models"

    @property
    def evidence_dir(self) -> Path:
        """Where anonymised evidence frames are written."""
        return self.data_dir / "evidence"


def _unknown_variables() -> list[str]:
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    return sorted(k for k in os.environ if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"]) or "settings"
        name = ENV_PREFIX + field.upper() if field in Settings.model_fields else field
        parts.append(f"{name}: {item['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings; raise ConfigError naming each bad variable."""
    unknown = _unknown_variables()
    if unknown:
        raise ConfigError("Unknown setting(s): {names}", names=', '.join(unknown))
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError("Invalid settings: {problems}", problems=_describe(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
