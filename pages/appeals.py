"""Appeals: owners contest the decisions they were told of; a lead who did not make the decision upholds or
overturns it, and the outcome grades the scans."""
from dashboard.ui.appeals import render_appeals
from dashboard.ui.auth import page

with page("appeals") as viewer:
    render_appeals(viewer)
