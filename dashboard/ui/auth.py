"""Sign-in form, own password change, the current viewer (kept across reloads by a signed cookie), deep links,
and the per-page role gate."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session

from dashboard.enums import Role
from dashboard.db.models import User
from dashboard.db.session import once_more_if_disconnected
from dashboard.errors import AuthError, InvalidInput
from dashboard.services.access import auth
from dashboard.ui.context import T, db, settings
from dashboard.ui.errors import error_boundary, message, shown_errors
from dashboard.ui import web
from dashboard.ui.formatting import label
from dashboard.ui.i18n import LANGUAGE_KEY, LANGUAGES, language, t
from dashboard.ui.navigation import BY_KEY, pages_for

TOKEN_KEY = "auth_token"
SIGNED_OUT = "signed_out"  # this connection signed out: ignore the cookie it was opened with
_COOKIE_ACTION = "cookie_action"
_DEEP_LINK = "deep_link"


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as the UI knows them (no ORM object kept across reruns)."""

    id: int
    username: str
    display_name: str
    role: Role
    grayscale: bool = False  # wellness: evidence previews in grey
    blur: int = 31  # wellness: blur kernel of evidence previews


def current_viewer() -> Viewer | None:
    """The signed-in user, or None; an expired session is reported and cleared."""
    token = _token()
    if not token:
        return None
    try:
        with db() as session:
            user = auth.resolve_session(session, token=token, settings=settings())
            if user.language and LANGUAGE_KEY not in st.session_state:
                st.session_state[LANGUAGE_KEY] = user.language
            return Viewer(user.id, user.username, user.display_name, Role(user.role), user.evidence_grayscale,
                          user.evidence_blur)
    except AuthError as error:
        _forget(notice=message(error))
        return None


def _token() -> str | None:
    """The session token of this connection, or the one in the signed cookie its browser sent (a reload)."""
    token = st.session_state.get(TOKEN_KEY)
    if token or st.session_state.get(SIGNED_OUT):
        return token
    token = web.verify(st.context.cookies.get(web.COOKIE), settings().secret_key.get_secret_value())
    if token:
        st.session_state[TOKEN_KEY] = token
    return token


def _forget(*, notice: str | None = None) -> None:
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state[_COOKIE_ACTION] = ("end", "")
    if notice:
        st.session_state["auth_notice"] = notice


def _signed_in(token: str) -> None:
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(SIGNED_OUT, None)
    st.session_state[_COOKIE_ACTION] = ("set", web.issue_ticket(token))


def sync_cookie() -> None:
    """Have the browser fetch or drop the HttpOnly session cookie after a sign-in or sign-out (app.py routes)."""
    action = st.session_state.pop(_COOKIE_ACTION, None)
    if action is None:
        return
    kind, ticket = action
    url, body = ("/api/session", ticket) if kind == "set" else ("/api/session/end", "")
    st.html(f"<script>fetch({url!r}, {{method: 'POST', credentials: 'same-origin', body: {body!r}}});</script>",
            unsafe_allow_javascript=True)


APP_RAN = "console_entry_ran"  # set by the entry script on every run of a session
ENTRY_SCRIPT = "streamlit_app.py"


def remember_deep_link() -> None:
    """Keep ?report=... or ?stream=... of a signed-out visit, to open it after the sign-in."""
    link = {k: st.query_params[k] for k in ("report", "stream") if k in st.query_params}
    if link:
        st.session_state[_DEEP_LINK] = link


def follow_deep_link(viewer: Viewer, *, current_title: str) -> None:
    """Open the page a ?report= or ?stream= link asks for, if the viewer's role may open it."""
    link = st.session_state.pop(_DEEP_LINK, None) or {
        k: st.query_params[k] for k in ("report", "stream") if k in st.query_params}
    if not link:
        return
    allowed = {spec.key for spec in pages_for(viewer.role)}
    wanted = ["report_queue", "escalations"] if "report" in link else ["streams"]
    target = next((key for key in wanted if key in allowed), None)
    if target is None:
        st.warning(t("This link opens a page your role cannot see."))
    elif current_title not in (t(BY_KEY[target].title), t("Escalations") if target == "report_queue" else None):
        st.switch_page(BY_KEY[target].path, query_params=link)


def login_page() -> None:
    """The sign-in form."""
    st.title(t("Live-stream moderation console"))
    if notice := st.session_state.pop("auth_notice", None):
        st.warning(notice)
    with st.form("login"):
        username = st.text_input(t("Username"), key="login_username")
        password = st.text_input(t("Password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("Sign in"), type="primary")
    if submitted:
        with shown_errors():
            with db() as session:  # commit the attempt (failure counts, lockout) before reporting
                attempt = auth.attempt_login(session, username=username, password=password, settings=settings())
            attempt.raise_for_error()
            _signed_in(attempt.token)
            st.rerun()
    st.caption(t("Faces in evidence are blurred by default; every action you take is recorded in the audit log."))


def logout() -> None:
    """Revoke the session, forget the token and drop the cookie."""
    token = st.session_state.get(TOKEN_KEY)
    _forget()
    if token:
        with db() as session:
            auth.logout(session, token=token)


def password_form() -> None:
    """Change one's own password (shown in the sidebar)."""
    with st.expander(t("Change password"), icon=":material/key:"):
        with st.form("change_password", clear_on_submit=True, border=False):
            current = st.text_input(t("Current password"), type="password", key="pw_current")
            new = st.text_input(t("New password"), type="password", key="pw_new",
                                help=t("At least {n} characters, not containing your username.",
                                       n=auth.MIN_PASSWORD_LENGTH))
            again = st.text_input(t("New password again"), type="password", key="pw_again")
            submitted = st.form_submit_button(t("Change password"))
    if submitted:
        with shown_errors():
            if new != again:
                raise InvalidInput(t("The two new passwords differ; nothing was changed."))
            with db() as session:  # commit a wrong-password count before reporting it
                error = auth.change_password(session, token=st.session_state[TOKEN_KEY], current_password=current,
                                             new_password=new, settings=settings())
            if error is not None:
                raise error
            st.success(t("Password changed. Your other sessions were signed out."))


def gate(key: str) -> Viewer:
    """Stop the page unless a user with one of its roles is signed in."""
    viewer = current_viewer()
    if viewer is None and not st.session_state.get(APP_RAN):
        # Until the entry script has run once in this server, Streamlit serves a page path (a chat link after a
        # restart) straight from pages/ without it: go through the entry script, which shows the sign-in form and
        # keeps the link for after it.
        remember_deep_link()
        st.switch_page(ENTRY_SCRIPT, query_params=st.session_state.get(_DEEP_LINK, {}))
    if viewer is None:
        st.warning(st.session_state.pop("auth_notice", None) or t("Please sign in."))
        st.stop()
    spec = BY_KEY[key]
    if viewer.role not in spec.roles:
        st.error(t("Not allowed — the {role} role cannot open '{page}'.", role=t(label(viewer.role)),
                   page=t(spec.title)))
        st.stop()
    return viewer


@contextmanager
def acting(viewer: Viewer) -> Iterator[tuple[Session, User]]:
    """A unit of work plus the viewer's User row, for calling state-changing services."""
    with db() as session:
        yield session, session.get_one(User, viewer.id)


def act(viewer: Viewer, service: Callable[..., T], /, **kwargs: object) -> T:
    """Call a state-changing service as the viewer, in a unit of work of its own (run once more if the database
    dropped the connection before it committed)."""
    def once() -> T:
        with acting(viewer) as (session, actor):
            return service(session, actor=actor, **kwargs)

    return once_more_if_disconnected(once)


@contextmanager
def page(key: str) -> Iterator[Viewer]:
    """Gate a page by role; errors inside it become messages (Streamlit may run a page file on its own)."""
    with error_boundary():
        viewer = gate(key)
        st.title(t(BY_KEY[key].title))
        yield viewer


def language_picker(viewer: Viewer) -> None:
    """The sidebar's language switch: applies at once, and is kept with the account for the next sign-in."""
    from dashboard.services.access.users import set_language

    current = language()
    chosen = st.selectbox(t("Language"), list(LANGUAGES), index=list(LANGUAGES).index(current),
                          format_func=LANGUAGES.get, key="language_picker")
    if chosen != current:
        st.session_state[LANGUAGE_KEY] = chosen
        act(viewer, set_language, language=chosen)
        st.rerun()
