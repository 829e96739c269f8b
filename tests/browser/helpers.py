"""Steps the browser tests share: open the console, sign in, wait for Streamlit to settle."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORDS


IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
            && !document.querySelector('[data-stale="true"]')
            && [...document.images].every(image => image.complete)"""  # a loading image still moves what is below


def settle(page: Page, *, quiet_ms: int = 150) -> None:
    """Wait until Streamlit's run is over: no 'Running' widget, no stale element, every image loaded, for quiet_ms."""
    page.wait_for_timeout(50)  # let a run that was just triggered start
    for _ in range(2):
        page.wait_for_function(IDLE, timeout=60_000)
        page.wait_for_timeout(quiet_ms)
    page.wait_for_function(IDLE, timeout=60_000)


def sign_in(page: Page, url: str, username: str) -> None:
    """Open the console and sign in; returns on the first page of the role."""
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    settle(page)
