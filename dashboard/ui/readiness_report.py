"""The one-page shutdown-readiness report (PDF), built from the checklist and two charts."""
from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from dashboard.clock import utcnow
from dashboard.services.wind_down.shutdown import all_green
from dashboard.ui.charts import projection_text
from dashboard.ui.formatting import local, number
from dashboard.ui.i18n import language, t
from dashboard.languages import pdf_fonts


def fonts() -> tuple[str, str]:
    """The regular and bold fonts for the reader's language (Helvetica has no Chinese glyphs)."""
    return pdf_fonts(language())


def _heading(pdf: canvas.Canvas, *, ready: bool, generated_by: str, generated_at: datetime) -> None:
    """Title, who made it when, and the verdict."""
    regular, bold = fonts()
    height = A4[1]
    pdf.setTitle(t("Shutdown readiness"))
    pdf.setFont(bold, 18)
    pdf.drawString(40, height - 50, t("Live platform shutdown readiness"))
    pdf.setFont(regular, 9)
    pdf.drawString(40, height - 66, t("Generated {at} by {who}", at=local(generated_at), who=generated_by))
    pdf.setFont(bold, 13)
    pdf.setFillColor(colors.darkgreen if ready else colors.firebrick)
    pdf.drawString(40, height - 92, t("READY: every condition is met") if ready
                   else t("NOT READY: conditions below are red"))


def build_pdf(*, checklist: list, projection: object, charts: list[bytes], generated_by: str,
              generated_at: datetime | None = None) -> bytes:
    """A4 page: verdict, checklist with counts, projected zero date, burn-down and takedown charts."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    regular, _bold = fonts()
    _heading(pdf, ready=all_green(checklist), generated_by=generated_by,
             generated_at=generated_at or utcnow())
    y = height - 118
    pdf.setFont(regular, 10)
    for item in checklist:
        pdf.setFillColor(colors.darkgreen if item.ok else colors.firebrick)
        pdf.circle(48, y + 3, 4, fill=1, stroke=0)
        pdf.setFillColor(colors.black)
        pdf.drawString(60, y, f"{t(item.label)}: {number(item.count)}")
        y -= 16
    y -= 6
    for line in simpleSplit(_projection_text(projection), regular, 10, width - 80):  # wrapped, never off the page
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
        return t("Public live streams are not going down at the recent pace: no projected zero date.")
    return projection_text(projection).replace("**", "")
