"""scans.detectors and flags.details: the reasons behind a verdict are kept as a code and its values (said in the
reader's language on display), no longer as English sentences the console parsed back

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The sentences scans wrote up to 0019, frozen here (this migration must read them whatever the code says later).
MEASURES = {"distinct people per minute": "tracks_per_minute", "peak people in frame": "peak_people",
            "share of frames with people": "frames_with_people"}
FIXED = {"person detector unavailable: faces stand in for people, tracks not counted": "faces_stand_in",
         "no frames": "no_frames"}
CHECK = re.compile(r"^(?P<name>[a-z ]+?) (?P<value>\S+) [≥<] (?P<limit>\S+)$")
CROWD = re.compile(r"^crowd in frame: (?:a still image|a (?P<span>\d+) s window) cannot show a rate of people passing, "
                   r"but (?P<peak>\d+) people are in frame at once \(≥ (?P<limit>\d+)\)$")
CROWD_TEXT = ("crowd in frame: {what} cannot show a rate of people passing, but {peak} people are in frame at once "
              "(≥ {limit})")


def _code(line: object) -> object:
    """A sentence as {code, values}; anything else (a sticker check's reason, a code already) as it was."""
    if not isinstance(line, str):
        return line
    if (match := CHECK.match(line)) and match["name"] in MEASURES:
        try:
            values = {"value": float(match["value"]), "limit": float(match["limit"])}
        except ValueError:  # not a number: left as written
            return line
        return {"code": MEASURES[match["name"]], "values": {k: int(v) if v.is_integer() and "." not in match[k] else v
                                                            for k, v in values.items()}}
    if match := CROWD.match(line):
        span = int(match["span"]) if match["span"] else None
        return {"code": "crowd_in_frame", "values": {"peak": int(match["peak"]), "limit": int(match["limit"]),
                                                     "span": span}}
    return {"code": FIXED[line], "values": {}} if line in FIXED else line


def _sentence(stored: object) -> object:
    """{code, values} back to the sentence 0019 wrote."""
    if not isinstance(stored, dict):
        return stored
    code, values = stored["code"], stored["values"]
    if code in MEASURES.values():
        name = next(n for n, c in MEASURES.items() if c == code)
        return f"{name} {values['value']} {'≥' if values['value'] >= values['limit'] else '<'} {values['limit']}"
    if code == "crowd_in_frame":
        what = "a still image" if values["span"] is None else f"a {values['span']} s window"
        return CROWD_TEXT.format(what=what, peak=values["peak"], limit=values["limit"])
    return next(line for line, c in FIXED.items() if c == code)


def _rewrite(table: str, column: str, change: Callable[[object], object]) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.JSON))
    connection = op.get_bind()
    for row_id, value in connection.execute(sa.select(rows.c.id, rows.c[column])).all():
        if isinstance(value, dict) and isinstance(value.get("reasons"), list):
            new = value | {"reasons": [change(line) for line in value["reasons"]]}
            if new != value:
                connection.execute(sa.update(rows).where(rows.c.id == row_id).values({column: new}))


def upgrade() -> None:
    _rewrite("scans", "detectors", _code)
    _rewrite("flags", "details", _code)


def downgrade() -> None:
    _rewrite("scans", "detectors", _sentence)
    _rewrite("flags", "details", _sentence)
