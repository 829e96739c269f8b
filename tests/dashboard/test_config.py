"""Settings: defaults, demo mode, and loud failures naming the variable."""
from __future__ import annotations

import pytest

from dashboard.config import Settings, load_settings
from dashboard.config_sections import DEMO_SECRET, SECTIONS
from dashboard.errors import ConfigError


def test_demo_mode_gets_demo_secret_and_sqlite_default(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.secret_key.get_secret_value() == DEMO_SECRET
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'console.sqlite3'}"


def test_missing_secret_outside_demo_mode_is_refused():
    with pytest.raises(ConfigError, match="CONSOLE_SECRET_KEY"):
        load_settings()


def test_demo_secret_outside_demo_mode_is_refused(monkeypatch):
    monkeypatch.setenv("CONSOLE_SECRET_KEY", DEMO_SECRET)
    with pytest.raises(ConfigError, match="CONSOLE_SECRET_KEY"):
        load_settings()


def test_strong_secret_and_postgres_url_accepted(monkeypatch):
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "k9Xv2mQ7pL4sW8nR1tY6zB3cF5hJ0dGa-e")
    monkeypatch.setenv("CONSOLE_DATABASE_URL", "postgresql+psycopg://console@db/console")
    assert load_settings().sqlalchemy_url == "postgresql+psycopg://console@db/console"


@pytest.mark.parametrize(("name", "value"), [
    ("CONSOLE_CLAIM_LEASE_MINUTES", "ten"),
    ("CONSOLE_CLAIM_LEASE_MINUTES", "0"),
    ("CONSOLE_FOOT_TRAFFIC_FRAMES_WITH_PEOPLE", "1.5"),
    ("CONSOLE_DATABASE_URL", "mysql://nope"),
])
def test_malformed_value_names_the_variable(monkeypatch, name, value):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


def test_unknown_variable_is_refused(monkeypatch):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv("CONSOLE_DATABSE_URL", "sqlite:///typo.db")
    with pytest.raises(ConfigError, match="CONSOLE_DATABSE_URL"):
        load_settings()


@pytest.mark.parametrize("secret", ["a" * 40, "0123456789" * 4])
def test_a_low_entropy_secret_is_refused(monkeypatch, secret):
    monkeypatch.setenv("CONSOLE_SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="16 or more different"):
        load_settings()


def test_every_setting_is_in_one_section_and_documented():
    fields = [name for section in SECTIONS for name in section.model_fields]
    assert sorted(fields) == sorted(Settings.model_fields)  # no field outside a section, none in two
    assert len(fields) == len(set(fields))
    undocumented = [name for section in SECTIONS for name, field in section.model_fields.items()
                    if not field.description or not section.__doc__]
    assert undocumented == []


@pytest.mark.parametrize(("name", "value", "field", "expected"), [
    ("CONSOLE_SLA_HOURS_URGENT", "1.5", "sla_hours_urgent", 1.5),
    ("CONSOLE_WORKER_QUEUES", '["gpu","default"]', "worker_queues", ["gpu", "default"]),
    ("CONSOLE_TIMEZONE", "Europe/Berlin", "timezone", "Europe/Berlin"),
    ("CONSOLE_PERSON_DETECTOR", "motion", "person_detector", "motion"),
])
def test_each_section_reads_its_variables(monkeypatch, name, value, field, expected):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv(name, value)
    assert getattr(load_settings(), field) == expected


@pytest.mark.parametrize(("name", "value"), [("CONSOLE_TIMEZONE", "Mars/Olympus"),
                                             ("CONSOLE_PERSON_DETECTOR", "hog")])
def test_a_sections_own_check_names_the_variable(monkeypatch, name, value):
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()

