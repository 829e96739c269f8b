"""Steps the browser tests share: open the console, sign in, wait for Streamlit to settle."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORDS


def settle(page: Page) -> None:
    """Wait until Streamlit has finished its current run (no 'Running...' status widget)."""
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)


def sign_in(page: Page, url: str, username: str) -> None:
    """Open the console and sign in; returns on the first page of the role."""
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    settle(page)
