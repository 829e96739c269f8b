"""Settings: defaults, demo mode, and loud failures naming the variable."""
from __future__ import annotations

import pytest

from dashboard.config import DEMO_SECRET, load_settings
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
