"""The command-line tool end to end on a real SQLite file."""
from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.config import get_settings
from dashboard.db.session import make_engine, unit_of_work

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv("CONSOLE_LANGUAGE", "en")  # these tests follow the English messages
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    yield tmp_path
    get_settings.cache_clear()


def test_seed_prints_accounts_and_is_skipped_when_present(cli_env):
    first = runner.invoke(app, ["seed", "--streams", "50"])
    assert first.exit_code == 0, first.output
    assert "streams=54" in first.output and "rita" in first.output and "review-desk-2026" in first.output
    again = runner.invoke(app, ["seed", "--streams", "50", "--if-empty"])
    assert again.exit_code == 0 and "already present" in again.output


def test_seed_outside_demo_mode_is_refused_and_prints_no_password(cli_env, monkeypatch):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "false")
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "production-" + "x7Qp2v9LmW4r" * 3)
    get_settings.cache_clear()
    result = runner.invoke(app, ["seed", "--streams", "50"])
    assert result.exit_code == 2 and "CONSOLE_DEMO_MODE=true" in result.output
    assert "review-desk-2026" not in result.output


@pytest.mark.parametrize("weak", ["1234567890", "password12", "qwertyuiop"])
def test_create_user_refuses_common_passwords(cli_env, weak):
    result = runner.invoke(app, ["create-user", "nora", "--role", "reviewer", "--password-stdin"], input=weak + "\n")
    assert result.exit_code == 2 and "too weak" in result.output


def test_create_user_takes_no_password_argument(cli_env):
    result = runner.invoke(app, ["create-user", "nora", "--role", "reviewer", "--password", "night-desk-2026"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_migrate_never_prints_the_database_password(cli_env, monkeypatch):
    from dashboard.cli.common import current_settings

    monkeypatch.setattr("dashboard.db.migrate.upgrade", lambda engine, revision: None)
    monkeypatch.setenv("CONSOLE_DATABASE_URL", "postgresql+psycopg://console:s3cret-pw@db.internal/console")
    get_settings.cache_clear()
    assert "s3cret" in current_settings().sqlalchemy_url
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0 and "s3cret" not in result.output and "***" in result.output


def test_create_user_then_duplicate_fails_cleanly(cli_env):
    ok = runner.invoke(app, ["create-user", "nora", "--role", "reviewer", "--password-stdin"],
                       input="night-desk-2026\n")
    assert ok.exit_code == 0 and "Created nora (reviewer)" in ok.output
    dup = runner.invoke(app, ["create-user", "nora", "--role", "reviewer", "--password-stdin"],
                       input="night-desk-2026\n")
    assert dup.exit_code == 2 and "already exists" in dup.output


def test_import_bad_file_reports_line_and_imports_nothing(cli_env):
    path = cli_env / "streams.csv"
    path.write_text("external_id,owner_external_id,owner_name,owner_kind,title,category,place_type\n"
                    "s-1,o-1,Bakery,merchant,Bakery cam,shop,shop\n"
                    "s-2,o-2,Bar,merchant,Bar cam,nightclub,restaurant\n")
    bad = runner.invoke(app, ["import", "streams", str(path)])
    assert bad.exit_code == 2 and "line 3" in bad.output and "nightclub" in bad.output
    exported = runner.invoke(app, ["export", "streams"])
    assert list(csv.DictReader(io.StringIO(exported.stdout))) == []
    path.write_text(path.read_text().replace("nightclub", "restaurant"))
    assert "Imported 2 streams" in runner.invoke(app, ["import", "streams", str(path)]).output
    assert "Imported 0 streams; 2 already present" in runner.invoke(app, ["import", "streams", str(path)]).output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "streams"]).stdout)))
    assert [r["external_id"] for r in rows] == ["s-1", "s-2"] and rows[0]["sticker_status"] == "missing"


def test_export_audit_to_file(cli_env):
    runner.invoke(app, ["create-user", "nora", "--role", "reviewer", "--password-stdin"],
                       input="night-desk-2026\n")
    out = cli_env / "audit.csv"
    result = runner.invoke(app, ["export", "audit", "--out", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["action"] for r in rows] == ["user.create"] and rows[0]["actor_name"] == "system"


def test_bad_setting_is_reported_by_name(cli_env):
    env = {**os.environ, "CONSOLE_CLAIM_LEASE_MINUTES": "soon", "CONSOLE_LANGUAGE": "en"}
    result = subprocess.run([sys.executable, "-m", "dashboard", "export", "streams"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "CONSOLE_CLAIM_LEASE_MINUTES" in result.stderr and "Traceback" not in result.stderr


def test_import_reports_keeps_good_records_and_lists_rejected(cli_env):
    streams = cli_env / "streams.csv"
    streams.write_text("external_id,owner_external_id,owner_name,owner_kind,title,category,place_type\n"
                       "s-1,o-1,Bakery,merchant,Bakery cam,shop,shop\n")
    runner.invoke(app, ["import", "streams", str(streams)])
    reports = cli_env / "reports.jsonl"
    reports.write_text('{"external_id": "p-1", "stream_external_id": "s-1", "reason": "privacy", '
                       '"received_at": "2026-11-21T01:00:00Z", "text": "I am filmed at the till"}\n'
                       '{"external_id": "p-2", "stream_external_id": "s-1", "reason": "privacy"}\n')
    result = runner.invoke(app, ["import-reports", str(reports)])
    assert result.exit_code == 0
    assert "1 report(s) taken in, 0 already known, 1 rejected." in result.output
    assert "rejected line 2: received_at: required" in result.output
    again = runner.invoke(app, ["import-reports", str(reports)])
    assert "0 report(s) taken in, 1 already known, 1 rejected." in again.output


def test_campus_check_counts_and_locks(cli_env):
    from sqlalchemy import select

    from dashboard.db.models import CampusShare

    runner.invoke(app, ["seed", "--streams", "200"])
    engine = make_engine(get_settings().sqlalchemy_url)
    with unit_of_work(engine) as session:
        stream_id = session.scalars(select(CampusShare.stream_id)).first()
    engine.dispose()
    ok = runner.invoke(app, ["campus-check", str(stream_id), "--password", "parents-watch-2026"])
    assert ok.exit_code == 0 and "Password accepted." in ok.output
    for _ in range(5):
        wrong = runner.invoke(app, ["campus-check", str(stream_id), "--password", "guess"])
    assert wrong.exit_code == 1 and "locked for 30 min" in wrong.output
    still = runner.invoke(app, ["campus-check", str(stream_id), "--password", "parents-watch-2026"])
    assert still.exit_code == 1 and "Too many wrong passwords" in still.output
    missing = runner.invoke(app, ["campus-check", "999999", "--password", "x"])
    assert missing.exit_code == 2 and "no private sharing" in missing.output


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/no-such-dir/console.sqlite3",
                                 "postgresql+psycopg://console:s3cret-pw@127.0.0.1:1/console"])
def test_an_unreachable_database_gives_a_short_message_and_a_reference(tmp_path, url):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")}, "CONSOLE_DEMO_MODE": "true",
           "CONSOLE_LANGUAGE": "en",
           "CONSOLE_DATA_DIR": str(tmp_path / "var"), "CONSOLE_DATABASE_URL": url.format(tmp=tmp_path)}
    result = subprocess.run([sys.executable, "-m", "dashboard", "export", "reports"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Database unavailable" in result.stderr and "reference" in result.stderr
    assert "Traceback" not in result.stderr and "s3cret-pw" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3
    log = (tmp_path / "var" / "logs" / "console.log").read_text()
    assert "Traceback" in log and result.stderr.split("reference ")[1][:8] in log


def test_hold_case_file_and_purge_commands(cli_env):
    import zipfile

    from sqlalchemy import select

    from dashboard.db.models import Report, Stream

    assert runner.invoke(app, ["seed", "--streams", "50"]).exit_code == 0
    engine = make_engine(get_settings().sqlalchemy_url)
    with unit_of_work(engine) as session:
        stream = session.scalars(select(Stream.external_id).order_by(Stream.id)).first()
        report = session.scalars(select(Report.external_id).order_by(Report.id)).first()
    engine.dispose()
    placed = runner.invoke(app, ["hold", "place", "--stream", stream, "--reason", "court order 12"])
    assert placed.exit_code == 0 and f"placed on {stream}" in placed.output
    assert runner.invoke(app, ["hold", "place", "--report", report, "--reason", "lawyer letter"]).exit_code == 0
    again = runner.invoke(app, ["hold", "place", "--stream", stream, "--reason", "twice"])
    assert again.exit_code == 2 and "already on legal hold" in again.output
    listed = runner.invoke(app, ["hold", "list"])
    assert "court order 12" in listed.output and report in listed.output
    missing = runner.invoke(app, ["hold", "place", "--stream", "no-such-stream", "--reason", "x"])
    assert missing.exit_code == 2 and "No stream 'no-such-stream'" in missing.output
    out = cli_env / "case.zip"
    exported = runner.invoke(app, ["case-file", stream, "--out", str(out), "--reason", "court order 12"])
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(out) as archive:
        assert "case.json" in archive.namelist() and "audit_events.csv" in archive.namelist()
    unwritable = runner.invoke(app, ["case-file", stream, "--out", str(cli_env / "no" / "dir.zip"), "--reason", "r"])
    assert unwritable.exit_code == 2 and "Cannot write" in unwritable.output
    fifo = cli_env / "pipe.zip"
    os.mkfifo(fifo)
    refused = runner.invoke(app, ["case-file", stream, "--out", str(fifo), "--reason", "r"])
    assert refused.exit_code == 2 and "is not a regular file" in refused.output and stat.S_ISFIFO(fifo.lstat().st_mode)
    purged = runner.invoke(app, ["purge"])
    assert purged.exit_code == 0 and "stream(s) on legal hold kept" in purged.output
    released = runner.invoke(app, ["hold", "release", "1", "--reason", "order lifted"])
    assert released.exit_code == 0 and "released" in released.output


def test_the_cli_speaks_chinese_by_default_and_english_when_asked(cli_env, monkeypatch):
    monkeypatch.delenv("CONSOLE_LANGUAGE")
    chinese = runner.invoke(app, ["export", "bogus"])
    assert chinese.exit_code == 2 and "未知类型 'bogus'；请使用 streams、reports 或 audit。" in chinese.output
    english = runner.invoke(app, ["--lang", "en", "export", "bogus"])
    assert "Unknown kind 'bogus'; use streams, reports or audit." in english.output
    refused = runner.invoke(app, ["--lang", "fr", "export", "streams"])
    assert refused.exit_code == 2 and "zh_CN, en" in refused.output and "--lang" in refused.output


def test_an_unknown_console_language_names_the_variable(cli_env, monkeypatch):
    monkeypatch.setenv("CONSOLE_LANGUAGE", "fr")
    refused = runner.invoke(app, ["export", "streams"])
    assert refused.exit_code == 2 and "CONSOLE_LANGUAGE" in refused.output and "zh_CN, en" in refused.output
    assert "--lang" not in refused.output.split("Error")[-1]


@pytest.mark.parametrize(("args", "said"), [
    (["--lang", "zh_CN", "--help"], "直播摄像头审核与合规控制台"),
    (["--lang", "en", "--help"], "Moderation and compliance console for live camera streams."),
    (["--lang=zh_CN", "scan", "--help"], "扫描直播中的公共人流"),
])
def test_help_is_in_the_chosen_language(args, said):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSOLE_")} | {"COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and said in result.stdout
