"""Portable SQL for UTC hour buckets and hours of day (PostgreSQL and SQLite store times differently)."""
from __future__ import annotations

from sqlalchemy import Integer, cast, func
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement


def utc_hour(session: Session, column: ColumnElement) -> ColumnElement:
    """The UTC hour of day (0-23) of a timestamp column."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("hour", func.timezone("UTC", column)), Integer)
    return cast(func.strftime("%H", column), Integer)


def utc_hour_bucket(session: Session, column: ColumnElement) -> ColumnElement:
    """The timestamp truncated to its UTC hour (one cheap expression; day and hour are split afterwards)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", column)  # sessions run in UTC (see make_engine)
    return func.strftime("%Y-%m-%d %H:00:00", column)
