"""Query results as pandas DataFrames for pages and exports."""
from __future__ import annotations

from enum import Enum

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.orm import Session


def query_frame(session: Session, query: Select) -> pd.DataFrame:
    """The rows of a select as a DataFrame, enum members replaced by their plain values."""
    frame = pd.DataFrame(session.execute(query).all(), columns=list(query.selected_columns.keys()))
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: v.value if isinstance(v, Enum) else v)
    return frame
