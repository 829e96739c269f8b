"""The one-page shutdown-readiness report (PDF), built from the checklist and two charts."""
from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from dashboard.clock import utcnow


def build_pdf(*, checklist: list, projection: object, charts: list[bytes], generated_by: str,
              generated_at: datetime | None = None) -> bytes:
    """A4 page: verdict, checklist with counts, projected zero date, burn-down and takedown charts."""
    generated_at = generated_at or utcnow()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    pdf.setTitle("Shutdown readiness")
    ready = all(item.ok for item in checklist)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(40, height - 50, "Live platform shutdown readiness")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(40, height - 66, f"Generated {generated_at:%Y-%m-%d %H:%M} UTC by {generated_by}")
    pdf.setFont("Helvetica-Bold", 13)
    pdf.setFillColor(colors.darkgreen if ready else colors.firebrick)
    pdf.drawString(40, height - 92, "READY: every condition is met" if ready else "NOT READY: conditions below are red")
    y = height - 118
    pdf.setFont("Helvetica", 10)
    for item in checklist:
        pdf.setFillColor(colors.darkgreen if item.ok else colors.firebrick)
        pdf.circle(48, y + 3, 4, fill=1, stroke=0)
        pdf.setFillColor(colors.black)
        pdf.drawString(60, y, f"{item.label}: {item.count:,}")
        y -= 16
    y -= 6
    for line in simpleSplit(_projection_text(projection), "Helvetica", 10, width - 80):  # wrapped, never off the page
        pdf.drawString(40, y, line)
        y -= 13
    y -= 12
    share = (y - 40 - 12 * (len(charts) - 1)) / max(1, len(charts))  # every chart gets the same height
    for png in charts:
        image = ImageReader(io.BytesIO(png))
        w, h = image.getSize()
        scale = min((width - 80) / w, share / h)
        pdf.drawImage(image, 40, y - h * scale, width=w * scale, height=h * scale)
        y -= share + 12
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _projection_text(projection: object) -> str:
    if projection is None or projection.zero_date is None:
        return "Public live streams are not going down at the recent pace: no projected zero date."
    latest = f"{projection.latest:%d %b %Y}" if projection.latest else "not bounded"
    return (f"Projected zero public live streams: {projection.zero_date:%d %b %Y} "
            f"(95% range {projection.earliest:%d %b %Y} to {latest}; {projection.per_day:+.1f} per day over "
            f"the last {projection.window_days} days).")
