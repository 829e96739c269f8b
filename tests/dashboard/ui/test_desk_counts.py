"""The desk's queue counts (and calling reports) are one read per few seconds for all open desk pages of a server, per database."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.enums import ReportStatus
from dashboard.ui import desk


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[ReportStatus, ...]]:
    """Record every read of the counts the pages ask for (a fake service: this tests the sharing above it)."""
    seen: list[tuple[ReportStatus, ...]] = []

    def overview(_service, /, **kwargs):
        seen.append(kwargs["statuses"])
        return pd.DataFrame({"priority": [1], "open": [len(seen)]}), []

    monkeypatch.setattr(desk, "read", overview)
    desk._queue_counts.clear()
    yield seen
    desk._queue_counts.clear()


def test_many_pages_share_one_read(reads):
    frames = [desk._queue_counts("sqlite:///a.db", (ReportStatus.OPEN,)) for _page in range(32)]
    assert len(reads) == 1
    assert all(int(frame["open"].iloc[0]) == 1 for frame, _calling in frames)


@pytest.mark.parametrize(("first", "second"), [
    (("sqlite:///a.db", (ReportStatus.OPEN,)), ("sqlite:///b.db", (ReportStatus.OPEN,))),
    (("sqlite:///a.db", (ReportStatus.OPEN,)), ("sqlite:///a.db", (ReportStatus.ESCALATED,))),
])
def test_another_database_or_queue_is_read_on_its_own(reads, first, second):
    desk._queue_counts(*first)
    desk._queue_counts(*second)
    assert reads == [first[1], second[1]]
