"""Lockouts that hold under parallel guesses: N wrong passwords at once lock after exactly N, on both backends."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from dashboard.config import load_settings
from dashboard.db.models import AuditEvent, CampusShare, User
from dashboard.db.session import unit_of_work
from dashboard.enums import Category, PlaceType, Role, Visibility
from dashboard.errors import AccountLocked, InvalidCredentials
from dashboard.services.access import auth
from dashboard.services.compliance import campus
from tests.factories import make_campus_share, make_stream, make_user

GUESSES, LIMIT = 40, 5


def _settings(tmp_path):
    return load_settings(demo_mode=True, data_dir=tmp_path, login_max_failures=LIMIT, campus_max_failures=LIMIT)


def _in_parallel(engine, call):
    def one(_: int):
        with unit_of_work(engine) as session:
            return call(session)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(GUESSES)))


def test_parallel_wrong_sign_ins_lock_the_account_after_exactly_n(isolated_engine, tmp_path):
    settings = _settings(tmp_path)
    with unit_of_work(isolated_engine) as session:
        user = make_user(session, role=Role.REVIEWER)
        user_id, username = user.id, user.username
    results = _in_parallel(isolated_engine, lambda s: auth.attempt_login(
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
    results = _in_parallel(isolated_engine, lambda s: campus.check_parent_password(
        s, stream_id=stream_id, password="guess-1234567", settings=settings).message)
    assert results.count("Wrong password.") == LIMIT - 1 and not any(m == "Password accepted." for m in results)
    with unit_of_work(isolated_engine) as session:
        share = session.scalar(select(CampusShare).where(CampusShare.stream_id == stream_id))
        assert share.locked_until is not None
        assert session.scalar(select(func.count()).where(AuditEvent.action == "campus.lockout",
                                                         AuditEvent.entity_id == str(stream_id))) == 1
