"""Data in and out: imports, exports, the demo platform, and query results as DataFrames."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "dataframes": ("query_frame",),
    "demo": ("MEDIA_DIR", "DEMO_ACCOUNTS", "DEMO_CAMPUS_PASSWORD", "SAMPLE_CLIPS", "DemoSummary",
        "create_demo_users", "has_streams", "seed_demo"),
    "exports": ("export",),
    "importer": ("CONTROL_CHARACTERS", "CLOCK_SKEW", "StreamRecord", "ReportRecord", "ImportSummary",
        "validate_records", "parse_records", "detect_format", "decode", "import_streams", "import_reports",
        "new_report"),
    "spreadsheet": ("FORMULA_STARTS", "inert", "frame_csv", "rows_csv", "for_excel"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
