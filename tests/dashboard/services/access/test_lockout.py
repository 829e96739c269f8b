"""Lockouts that hold under parallel guesses: N wrong passwords at once lock after exactly N, and a burst checks at
most N passwords (the right one inside a burst gets in only within the first N), on both backends."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sqlalchemy import func, select

from dashboard.config import load_settings
from dashboard.db.models import AuditEvent, CampusShare, User
from dashboard.db.session import unit_of_work
from dashboard.enums import Category, PlaceType, Role, Visibility
from dashboard.errors import AccountLocked, InvalidCredentials
from dashboard.services.access import auth
from dashboard.services.compliance import campus
from tests.factories import PASSWORD, make_campus_share, make_stream, make_user

GUESSES, LIMIT = 40, 5


def _settings(tmp_path):
    return load_settings(demo_mode=True, data_dir=tmp_path, login_max_failures=LIMIT, campus_max_failures=LIMIT)


def _in_parallel(engine, call):
    def one(position: int):
        with unit_of_work(engine) as session:
            return call(session, position)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(1, GUESSES + 1)))


@pytest.fixture
def checked(monkeypatch):
    """The passwords actually checked (the real argon2 verify, counted)."""
    calls: list[str] = []
    real = auth.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting)
    monkeypatch.setattr(campus, "verify_password", counting)
    return calls


def test_parallel_wrong_sign_ins_lock_the_account_after_exactly_n(isolated_engine, tmp_path):
    settings = _settings(tmp_path)
    with unit_of_work(isolated_engine) as session:
        user = make_user(session, role=Role.REVIEWER)
        user_id, username = user.id, user.username
    results = _in_parallel(isolated_engine, lambda s, _: auth.attempt_login(
        s, username=username, password="not-the-password", settings=settings).error)
    kinds = [type(error) for error in results]
    assert kinds.count(InvalidCredentials) == LIMIT - 1 and kinds.count(AccountLocked) == GUESSES - LIMIT + 1
    with unit_of_work(isolated_engine) as session:
        assert session.get(User, user_id).locked_until is not None
        locks = session.scalar(select(func.count()).where(AuditEvent.action == "user.locked",
                                                          AuditEvent.entity_id == str(user_id)))
        assert locks == 1


def test_parallel_wrong_viewing_passwords_lock_the_classroom_after_exactly_n(isolated_engine, tmp_path):
    settings = _settings(tmp_path)
    with unit_of_work(isolated_engine) as session:
        stream = make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM,
                             visibility=Visibility.PRIVATE_SHARED)
        make_campus_share(session, stream=stream)
        stream_id = stream.id
    results = _in_parallel(isolated_engine, lambda s, _: campus.check_parent_password(
        s, stream_id=stream_id, password="guess-1234567", settings=settings).message)
    assert results.count("Wrong password.") == LIMIT - 1 and not any(m == "Password accepted." for m in results)
    with unit_of_work(isolated_engine) as session:
        share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream_id))
        assert share.locked_until is not None
        assert session.scalar(select(func.count()).where(AuditEvent.action == "campus.lockout",
                                                         AuditEvent.entity_id == str(stream_id))) == 1


def _guess(position: int, right_at: int) -> str:
    return PASSWORD if position == right_at else f"wrong-guess-{position}"


def _only_n_checked(checked: list[str], accepted: list[int], right_at: int) -> None:
    """At most LIMIT passwords are checked; the right one gets in only if it was one of them (it restarts the
    count). Which LIMIT of 40 parallel attempts take the slots is up to the scheduler, not the position."""
    if PASSWORD in checked[:LIMIT]:
        assert accepted == [right_at] and len(checked) <= 2 * LIMIT, (accepted, checked)
    else:
        assert accepted == [] and len(checked) == LIMIT, (accepted, checked)


@pytest.mark.parametrize("right_at", [1, 16, 36])
def test_a_burst_of_sign_ins_checks_at_most_n_passwords(isolated_engine, tmp_path, checked, right_at):
    settings = _settings(tmp_path)
    for _repeat in range(5):
        checked.clear()
        with unit_of_work(isolated_engine) as session:
            username = make_user(session, role=Role.REVIEWER).username  # its password is factories.PASSWORD
        results = _in_parallel(isolated_engine, lambda s, position: auth.attempt_login(
            s, username=username, password=_guess(position, right_at), settings=settings))
        _only_n_checked(checked, [p for p, result in enumerate(results, 1) if result.token is not None], right_at)
        if PASSWORD not in checked:  # all but the slots' own answers name the lock
            assert sum(isinstance(r.error, AccountLocked) for r in results) == GUESSES - LIMIT + 1


@pytest.mark.parametrize("right_at", [1, 16, 36])
def test_a_burst_of_viewing_passwords_checks_at_most_n(isolated_engine, tmp_path, checked, right_at):
    settings = _settings(tmp_path)
    for _repeat in range(5):
        checked.clear()
        with unit_of_work(isolated_engine) as session:
            stream = make_stream(session, category=Category.CAMPUS, place_type=PlaceType.CLASSROOM,
                                 visibility=Visibility.PRIVATE_SHARED)
            make_campus_share(session, stream=stream)
            stream_id = stream.id
        results = _in_parallel(isolated_engine, lambda s, position: campus.check_parent_password(
            s, stream_id=stream_id, password=_guess(position, right_at), settings=settings))
        _only_n_checked(checked, [p for p, result in enumerate(results, 1) if result.allowed], right_at)


def test_the_right_password_on_a_locked_account_is_refused_with_the_lock_message(session, tmp_path, checked):
    settings = _settings(tmp_path)
    user = make_user(session, role=Role.REVIEWER)
    for _ in range(LIMIT):
        auth.attempt_login(session, username=user.username, password="not-it-at-all", settings=settings)
    checked.clear()
    attempt = auth.attempt_login(session, username=user.username, password=PASSWORD, settings=settings)
    assert isinstance(attempt.error, AccountLocked) and attempt.token is None and checked == []
    assert attempt.error.params["minutes"] in (14, 15)
