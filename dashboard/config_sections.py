"""The settings in sections: each field documented once, here; README's table is written from it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo

from dashboard.languages import CODES
from detectors.scene import Thresholds

PROJECT_MEDIA = Path(__file__).resolve().parents[1] / "data" / "media"  # the demo's sample clips
DEMO_SECRET = "demo-secret-not-for-production"


class Storage(BaseModel):
    """Where the console keeps its data."""

    database_url: str = Field("", description="`sqlite:///…` or `postgresql+psycopg://…` (PostgreSQL for several "
                              "reviewers); empty: the SQLite file `console.sqlite3` in the data folder.")
    data_dir: Path = Field(Path("var"), description="Evidence frames, stickers, the SQLite file, logs, the inbox.")
    max_upload_mb: int = Field(10, ge=1, le=500, description="Upload and import size limit.")

    @field_validator("database_url")
    @classmethod
    def _url_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value


class SignIn(BaseModel):
    """Signing in, sessions and the key that signs stickers."""

    secret_key: SecretStr = Field(SecretStr(""), description="Signs consent stickers and notices: 32+ random "
                                  "characters; required unless demo mode is on.")
    demo_mode: bool = Field(False, description="Allows the built-in demo secret and demo data; never in production.")
    login_max_failures: int = Field(5, ge=1, le=100, description="Wrong passwords before an account is locked.")
    login_lockout_minutes: int = Field(15, ge=1, le=24 * 60, description="How long a locked account stays locked.")
    session_idle_minutes: int = Field(30, ge=1, le=24 * 60, description="A session unused this long ends.")
    session_max_hours: int = Field(12, ge=1, le=72, description="A session ends this long after sign-in at most.")

    @model_validator(mode="after")
    def _secret_required(self) -> "SignIn":
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


class Display(BaseModel):
    """Language and time as the staff read them."""

    language: Literal[CODES] = Field(CODES[0], description="The console's language unless a person chose another "
                                     "(sidebar; kept with the account); the CLI's too (`--lang`).")
    timezone: str = Field("Asia/Shanghai", description="Times are stored in UTC and shown in this IANA zone, "
                          "named (`30 Nov 09:15 UTC+8`).")
    log_page_timings: bool = Field(False, description="Append each page run's server time to "
                                   "`<data dir>/logs/page-timings.log` (`benchmarks/page_timings.py` reads it).")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from None
        return value


class Desk(BaseModel):
    """The report desk: claims and SLAs."""

    claim_lease_minutes: int = Field(10, ge=1, le=240, description="A claimed report returns to the queue when "
                                     "its reviewer has not touched it this long.")
    sla_hours_urgent: float = Field(2.0, gt=0, description="SLA of urgent reports (privacy and minors).")
    sla_hours_high: float = Field(8.0, gt=0, description="SLA of high-priority reports.")
    sla_hours_normal: float = Field(24.0, gt=0, description="SLA of the other reports.")


class Detection(BaseModel):
    """Which detectors look at frames, and what counts as foot traffic."""

    person_detector: str = Field("auto", description="`auto` (YOLO if its weights load, else the offline SSDLite, "
                                 "else motion only) or a backend's name (the plugins in `detectors/persons/`).")
    yolo_weights: str = Field("yolo11n.pt", description="YOLO weights (`.pt`, or `.onnx` from `yolo export "
                              "format=onnx`), or an official name Ultralytics downloads where a network exists.")
    yolo_imgsz: int = Field(640, ge=160, le=1920, multiple_of=32, description="YOLO inference size; 320-416 is "
                            "faster, 640 finds more distant people.")
    detect_every: int = Field(2, ge=1, le=30, description="While something moves, the person detector runs on every "
                              "Nth sampled frame; tracks carry over in between.")
    face_threshold: float = Field(0.35, gt=0, lt=1, description="CenterFace confidence threshold (lower: more "
                                  "blurred).")
    faces_every_frame: bool = Field(False, description="CenterFace on every sampled frame of public streams, not "
                                    "only on evidence frames (always on for campus and private streams).")
    evidence_frames: int = Field(3, ge=0, le=20, description="Anonymised evidence frames kept per scan.")
    foot_traffic_tracks_per_minute: float = Field(Thresholds.tracks_per_minute, gt=0, description="Foot traffic: "
                                                  "distinct people a minute (all three thresholds must be crossed).")
    foot_traffic_peak_people: int = Field(Thresholds.peak_people, ge=1, description="Foot traffic: people in one "
                                          "frame at the peak.")
    foot_traffic_frames_with_people: float = Field(Thresholds.frames_with_people, gt=0, le=1, description="Foot "
                                                   "traffic: share of sampled frames with people.")

    @field_validator("person_detector")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        from detectors.persons import backend_names

        if value not in backend_names():
            raise ValueError(f"must be one of {', '.join(backend_names())}")
        return value


class Scanning(BaseModel):
    """What a scan reads, and how often streams are scanned."""

    sample_every_seconds: float = Field(0.5, gt=0, le=3600, description="Frame sampling interval of a scan.")
    scan_max_frames: int = Field(120, ge=1, le=10_000, description="Sampled frames per scan at most.")
    scan_max_seconds: float = Field(60.0, gt=0, description="Seconds of source per scan at most.")
    scan_timeout_seconds: float = Field(5.0, gt=0, le=120, description="Open and read timeout of network sources.")
    allow_private_sources: bool = Field(False, description="Allow stream URLs on private, loopback or link-local "
                                        "addresses (a private camera network).")
    local_source_dirs: list[Path] = Field(default_factory=lambda: [PROJECT_MEDIA], description="JSON list of "
                                          "folders whose files may be registered as stream sources.")
    scan_interval_minutes: int = Field(60, ge=1, description="The worker rescans a live public stream this often.")
    scan_lease_minutes: int = Field(10, ge=1, le=24 * 60, description="A scan running longer is taken as dead (its "
                                    "process was killed): it is failed and the stream may be scanned again.")


class ScaleOut(BaseModel):
    """Scanning on many machines (Celery); without a broker the in-process worker scans."""

    broker_url: str | None = Field(None, description="Celery broker, e.g. `amqp://guest:guest@127.0.0.1:5672//`; "
                                   "unset: the in-process `worker` scans.")
    worker_concurrency: int = Field(2, ge=1, le=64, description="Scan processes per `scan-worker` (one model each).")
    scan_queue: str = Field("default", pattern=r"^[a-z][a-z0-9_-]{0,39}$", description="The queue the scheduler "
                            "sends jobs to (`gpu`: only GPU machines scan).")
    worker_queues: list[str] = Field(default_factory=lambda: ["default"], description="The queues a scan-worker "
                                     "takes jobs from (a GPU machine: `[\"gpu\",\"default\"]`).")
    scan_retries: int = Field(4, ge=0, le=20, description="Retries of an unreachable source before the job is dead "
                              "(shown on the Scan flags page).")
    scan_retry_backoff_seconds: float = Field(30.0, gt=0, le=3600, description="First retry delay; it doubles.")
    job_lease_seconds: int = Field(120, ge=5, le=3600, description="A job whose worker stops renewing its lease "
                                   "(every quarter lease) this long is taken as lost and runs elsewhere.")
    scheduler_tick_seconds: float = Field(30.0, gt=0, le=3600, description="How often the scheduler enqueues.")
    republish_after_seconds: int = Field(600, ge=10, description="A queued job not started this long is sent to "
                                         "the broker again (a lost message or a broker restart).")


class Retention(BaseModel):
    """How long personal data is kept (see *Security and data retention*)."""

    evidence_retention_days: int = Field(30, ge=1, le=3650, description="Evidence frames are deleted this long "
                                         "after their flag was closed (or after the scan, if it raised none).")
    takedown_evidence_retention_days: int = Field(180, ge=1, le=3650, description="A stream whose takedown stands "
                                                  "keeps its evidence this long after it (appeals).")
    rejected_intake_retention_days: int = Field(30, ge=1, le=3650, description="Raw rejected intake lines.")
    session_retention_days: int = Field(7, ge=1, le=3650, description="Login sessions, after expiry or revocation.")
    purge_interval_hours: float = Field(24.0, gt=0, le=24 * 30, description="The worker purges this often.")


class Owners(BaseModel):
    """Telling owners what was decided, and their appeals."""

    notice_endpoint: str | None = Field(None, pattern=r"^https?://", description="The platform's URL for owner "
                                        "notices (JSON POST, `X-Console-Signature: sha256=<HMAC>`, "
                                        "`X-Console-Notice-Id`); unset: JSON lines in `<data dir>/outbox/`.")
    notice_signing_key: SecretStr = Field(SecretStr(""), description="HMAC key of notice requests; empty: the "
                                          "secret key.")
    notice_timeout_seconds: float = Field(10.0, gt=0, le=120, description="Notice request timeout.")
    notice_retry_seconds: float = Field(30.0, gt=0, le=3600, description="First retry delay of a notice the "
                                        "endpoint did not take (down, slow, 5xx); doubles up to an hour.")
    appeal_sla_hours: float = Field(72.0, gt=0, description="An appeal is to be decided within this.")
    appeal_max_chars: int = Field(4000, ge=100, le=100_000, description="Longest appeal text taken in.")


class Compliance(BaseModel):
    """Consent stickers, welfare audits and campus passwords."""

    public_notice_url: str = Field("https://live.example.cn/notice", description="The platform's public notice "
                                   "page; a sticker's QR code opens it with `?t=<signed token>`.")
    welfare_recert_days: int = Field(180, ge=7, le=3650, description="Days until a certified welfare stream is due "
                                     "again.")
    welfare_spot_check_share: float = Field(0.05, ge=0, le=1, description="Share of certified streams re-audited "
                                            "each week.")
    campus_max_failures: int = Field(5, ge=1, le=100, description="Parents' wrong viewing passwords before a "
                                     "lockout.")
    campus_lockout_minutes: int = Field(30, ge=1, le=24 * 60, description="How long a campus viewing lockout lasts.")


SECTIONS: tuple[type[BaseModel], ...] = (Storage, SignIn, Display, Desk, Detection, Scanning, ScaleOut, Retention,
                                         Owners, Compliance)


def _shown_default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if isinstance(value, SecretStr) or value in (None, ""):
        return "unset"
    if isinstance(value, list):
        return "`" + json.dumps([str(Path(v).relative_to(PROJECT_MEDIA.parents[1])) if isinstance(v, Path)
                                 else v for v in value]) + "`"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def markdown_table(prefix: str) -> str:
    """README's settings table: a heading row per section, then each variable, its default and meaning."""
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for section in SECTIONS:
        lines.append(f"| **{section.__doc__}** | | |")
        lines += [f"| `{prefix}{name.upper()}` | {_shown_default(field)} | {field.description} |"
                  for name, field in section.model_fields.items()]
    return "\n".join(lines) + "\n"
