"""Sign in, reload, open a new tab, sign out: the session lives in a signed HttpOnly cookie."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import settle, sign_in


def test_reload_and_new_tab_keep_the_reviewer_signed_in(console, context, page):
    sign_in(page, console.url, "rita")
    expect(page.get_by_role("heading", name="Report queue")).to_be_visible()
    page.wait_for_timeout(500)  # the cookie is fetched right after the sign-in renders
    (cookie,) = [c for c in context.cookies() if c["name"] == "console_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Report queue")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    other = context.new_page()
    other.goto(console.url)
    settle(other)
    expect(other.get_by_role("button", name="Sign out")).to_be_visible()


def test_sign_out_ends_the_session_in_every_tab(console, context, page):
    sign_in(page, console.url, "rita")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.wait_for_timeout(500)
    page.reload()
    settle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert not [c for c in context.cookies() if c["name"] == "console_session"]


def test_a_forged_cookie_signs_nobody_in(console, context, page):
    context.add_cookies([{"name": "console_session", "value": "stolen-token.0123abcd", "url": console.url}])
    page.goto(console.url)
    settle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
