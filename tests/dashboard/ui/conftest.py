"""UI helpers read the settings (language, time zone): a demo configuration in English unless a test says otherwise."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _ui_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSOLE_DEMO_MODE", "true")
    monkeypatch.setenv("CONSOLE_LANGUAGE", "en")
