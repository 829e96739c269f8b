"""Stream sources the console must not fetch are refused before a byte is read (server-side request forgery)."""
from __future__ import annotations

import pytest

from dashboard.config import load_settings
from dashboard.config_sections import PROJECT_MEDIA
from dashboard.errors import InvalidInput
from dashboard.services.scanning.sources import check_source


@pytest.fixture
def settings(tmp_path):
    return load_settings(demo_mode=True, data_dir=tmp_path)


@pytest.mark.parametrize(("uri", "problem"), [
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://127.0.0.1:8080/cam", "loopback"),
    ("rtsp://10.0.0.7/stream1", "private"),
    ("http://[::1]/cam", "loopback"),
    ("http://localhost/cam", "loopback"),
    ("file:///etc/passwd", "scheme 'file' is not allowed"),
    ("gopher://example.com/", "scheme 'gopher' is not allowed"),
    ("/etc/passwd", "outside the folders"),
    ("/srv/private-photos/", "outside the folders"),
])
def test_forbidden_sources_are_refused(settings, uri, problem):
    with pytest.raises(InvalidInput, match=problem):
        check_source(uri, settings=settings)


def test_the_projects_sample_clips_and_named_folders_are_allowed(settings, tmp_path):
    check_source(str(PROJECT_MEDIA / "davis_cows.mp4"), settings=settings)
    named = load_settings(demo_mode=True, data_dir=tmp_path, local_source_dirs=[tmp_path])
    check_source(str(tmp_path / "clips" / "cam.mp4"), settings=named)
    with pytest.raises(InvalidInput):
        check_source(str(tmp_path / ".." / "elsewhere.mp4"), settings=named)


def test_a_private_camera_network_is_allowed_only_when_the_setting_says_so(tmp_path):
    private = load_settings(demo_mode=True, data_dir=tmp_path, allow_private_sources=True)
    check_source("rtsp://10.0.0.7/stream1", settings=private)
    with pytest.raises(InvalidInput, match="scheme"):
        check_source("file:///etc/passwd", settings=private)
