"""The ground floor of the services: query results as DataFrames, spreadsheet-safe CSV, and report, stream and
appeal files read and checked record by record. No domain rules; imports no other domain."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "dataframes": ("query_frame",),
    "records": ("CONTROL_CHARACTERS", "CLOCK_SKEW", "StreamRecord", "ReportRecord", "AppealRecord",
        "validate_records", "parse_records", "detect_format", "decode"),
    "spreadsheet": ("FORMULA_STARTS", "inert", "frame_csv", "rows_csv", "for_excel"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
