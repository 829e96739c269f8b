"""Report queue: claim the most urgent user report, review it, decide, hand over."""
from dashboard.services.desk.decisions import Queue
from dashboard.ui.auth import page
from dashboard.ui.desk import render_desk

with page("report_queue") as viewer:
    render_desk(viewer, Queue.REPORTS)
