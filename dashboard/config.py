"""One Settings object, read from CONSOLE_* environment variables and an optional .env file."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashboard.errors import ConfigError
from dashboard.languages import CODES
from detectors.scene import Thresholds

ENV_PREFIX = "CONSOLE_"
LANGUAGES = CODES  # the console's catalogues (dashboard/languages.py); the first is the default
PROJECT_MEDIA = Path(__file__).resolve().parents[1] / "data" / "media"  # the demo's sample clips
DEMO_SECRET = "demo-secret-not-for-production"


class Settings(BaseSettings):
    """Every tunable of the console, with documented defaults."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="forbid", validate_default=True
    )

    # Storage
    data_dir: Path = Field(Path("var"), description="Evidence frames, stickers and the SQLite file.")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite in data_dir.")
    # Security
    demo_mode: bool = Field(False, description="Allows the built-in demo secret; never in production.")
    secret_key: SecretStr = Field(SecretStr(""), description="Signs consent stickers; 32+ chars.")
    login_max_failures: int = Field(5, ge=1, le=100)
    login_lockout_minutes: int = Field(15, ge=1, le=24 * 60)
    session_idle_minutes: int = Field(30, ge=1, le=24 * 60)
    session_max_hours: int = Field(12, ge=1, le=72)
    language: Literal[LANGUAGES] = Field(LANGUAGES[0], description="The console's language unless a user chose "
                                             "another (sidebar; kept with the account).")
    timezone: str = Field("Asia/Shanghai", description="Times are stored in UTC and shown in this IANA zone.")
    public_notice_url: str = Field("https://live.example.cn/notice", description="The platform's public notice "
                                   "page; a consent sticker's QR code opens it with the sticker's token.")
    log_page_timings: bool = Field(False, description="Append each page run's server time to "
                                   "data_dir/logs/page-timings.log (benchmarks/page_timings.py reads it).")
    # Report desk
    claim_lease_minutes: int = Field(10, ge=1, le=240)
    sla_hours_urgent: float = Field(2.0, gt=0)
    sla_hours_high: float = Field(8.0, gt=0)
    sla_hours_normal: float = Field(24.0, gt=0)
    # Detection
    person_detector: str = Field(
        "auto", description="auto: YOLO if its weights load, else the offline SSDLite detector, else motion only; "
                            "or a backend's name (the plugins of detectors/persons).")
    yolo_weights: str = Field("yolo11n.pt", description="Path to .pt/.onnx or an official model name.")
    sample_every_seconds: float = Field(0.5, gt=0, le=3600)
    scan_max_frames: int = Field(120, ge=1, le=10_000, description="Sampled frames per scan at most.")
    scan_max_seconds: float = Field(60.0, gt=0, description="Seconds of source per scan at most.")
    scan_timeout_seconds: float = Field(5.0, gt=0, le=120, description="Network open/read timeout.")
    allow_private_sources: bool = Field(False, description="Allow stream URLs on private, loopback or link-local "
                                                           "addresses (a private camera network).")
    local_source_dirs: list[Path] = Field(default_factory=lambda: [PROJECT_MEDIA],
                                          description="Folders whose files may be registered as stream sources.")
    scan_interval_minutes: int = Field(60, ge=1, description="The worker rescans a live stream this often.")
    scan_lease_minutes: int = Field(10, ge=1, le=24 * 60, description="A scan running longer is taken as dead "
                                                                      "(its process was killed): it is failed and "
                                                                      "the stream may be scanned again.")
    # Distributed scanning (Celery): unset broker_url keeps the in-process worker (`python -m dashboard worker`)
    broker_url: str | None = Field(None, description="Celery broker, e.g. amqp://guest:guest@127.0.0.1:5672//; "
                                   "unset: scans run in the in-process worker.")
    worker_concurrency: int = Field(2, ge=1, le=64, description="Scan processes per scan-worker (one model each).")
    scan_queue: str = Field("default", pattern=r"^[a-z][a-z0-9_-]{0,39}$", description="The queue the scheduler "
                            "sends scan jobs to ('gpu' routes them to machines with a GPU).")
    worker_queues: list[str] = Field(default_factory=lambda: ["default"], description="The queues a scan-worker "
                                     "takes jobs from (a GPU machine: [\"gpu\", \"default\"]).")
    scan_retries: int = Field(4, ge=0, le=20, description="Retries of an unreachable source before the job is "
                              "dead (shown on the Scan flags page).")
    scan_retry_backoff_seconds: float = Field(30.0, gt=0, le=3600, description="First retry delay; doubles.")
    job_lease_seconds: int = Field(120, ge=5, le=3600, description="A scan job whose worker stops renewing its "
                                   "lease this long is taken as lost and may run elsewhere.")
    scheduler_tick_seconds: float = Field(30.0, gt=0, le=3600, description="How often the scheduler enqueues.")
    republish_after_seconds: int = Field(600, ge=10, description="A queued job not started this long is sent "
                                         "to the broker again (a lost message or a broker restart).")
    evidence_frames: int = Field(3, ge=0, le=20)
    face_threshold: float = Field(0.35, gt=0, lt=1)
    yolo_imgsz: int = Field(640, ge=160, le=1920, multiple_of=32, description="YOLO inference size.")
    faces_every_frame: bool = Field(False, description="CenterFace on every frame, not only on evidence frames.")
    detect_every: int = Field(2, ge=1, le=30, description="Person detector on every Nth sampled frame while "
                                                           "things move (tracks carry over in between).")
    foot_traffic_tracks_per_minute: float = Field(Thresholds.tracks_per_minute, gt=0)  # one default: the scene's
    foot_traffic_peak_people: int = Field(Thresholds.peak_people, ge=1)
    foot_traffic_frames_with_people: float = Field(Thresholds.frames_with_people, gt=0, le=1)
    max_upload_mb: int = Field(10, ge=1, le=500)
    # Retention (evidence frames are personal data: kept only as long as needed)
    evidence_retention_days: int = Field(30, ge=1, le=3650, description="Evidence frames are deleted this long "
                                         "after their flag was closed (or after the scan, if it raised none).")
    takedown_evidence_retention_days: int = Field(180, ge=1, le=3650, description="A stream whose takedown "
                                                  "stands keeps its evidence this long after it (appeals).")
    rejected_intake_retention_days: int = Field(30, ge=1, le=3650, description="Raw rejected intake lines.")
    session_retention_days: int = Field(7, ge=1, le=3650, description="Login sessions, after expiry or revocation.")
    purge_interval_hours: float = Field(24.0, gt=0, le=24 * 30, description="The worker purges this often.")
    # Owners: statements of reasons and appeals
    notice_endpoint: str | None = Field(None, pattern=r"^https?://", description="The platform's endpoint for "
                                        "owner notices (POST JSON signed with HMAC-SHA256 in X-Console-Signature); "
                                        "unset: notices are written as JSON lines to data_dir/outbox.")
    notice_signing_key: SecretStr = Field(SecretStr(""), description="HMAC key of notice requests; empty: the "
                                          "secret key.")
    notice_timeout_seconds: float = Field(10.0, gt=0, le=120, description="Notice request timeout.")
    notice_retry_seconds: float = Field(30.0, gt=0, le=3600, description="First retry delay of a notice the "
                                        "endpoint did not take (down, slow, 5xx); doubles up to an hour.")
    appeal_sla_hours: float = Field(72.0, gt=0, description="An appeal is to be decided within this.")
    appeal_max_chars: int = Field(4000, ge=100, le=100_000, description="Longest appeal text taken in.")
    # Compliance
    welfare_recert_days: int = Field(180, ge=7, le=3650, description="Days until a certified welfare stream is due again.")
    welfare_spot_check_share: float = Field(0.05, ge=0, le=1, description="Share of certified streams re-audited each week.")
    campus_max_failures: int = Field(5, ge=1, le=100)
    campus_lockout_minutes: int = Field(30, ge=1, le=24 * 60)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from None
        return value

    @field_validator("person_detector")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        from detectors.persons import backend_names

        if value not in backend_names():
            raise ValueError(f"must be one of {', '.join(backend_names())}")
        return value

    @field_validator("database_url")
    @classmethod
    def _url_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @model_validator(mode="after")
    def _secret_required(self) -> "Settings":
        secret = self.secret_key.get_secret_value()
        if self.demo_mode and not secret:
            self.secret_key = SecretStr(DEMO_SECRET)
        elif not self.demo_mode and (len(secret) < 32 or secret == DEMO_SECRET or len(set(secret)) < 16):
            raise ValueError(
                "CONSOLE_SECRET_KEY must be set to 32+ random characters (16 or more different ones) outside demo "
                "mode, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))' "
                "(or set CONSOLE_DEMO_MODE=true for a local demo)"
            )
        return self

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
