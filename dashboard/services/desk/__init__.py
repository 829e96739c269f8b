"""The 24-hour report desk: intake from the report button, the queue and SLA deadlines, claims and decisions,
hand-over notes.
"""
