"""Data in and out, the top floor of the services: imports, exports and the demo platform (query results as
DataFrames, spreadsheet CSV and the files' records are on the ground floor, services.tables)."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "demo": ("MEDIA_DIR", "DEMO_ACCOUNTS", "DEMO_CAMPUS_PASSWORD", "SAMPLE_CLIPS", "DemoSummary",
        "create_demo_users", "has_streams", "seed_demo"),
    "exports": ("export",),
    "importer": ("ImportSummary", "import_streams", "import_reports"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
