"""The printed consent sticker: the QR code with the public notice, Chinese first and English below, as PNG and A6 PDF."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A6
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

log = logging.getLogger(__name__)

NOTICE = ("NOTICE: this place is filmed and broadcast live. You may appear on camera. "
          "Ask staff to switch the camera off, or report the stream in the app.")
NOTICE_ZH = "提示：此处正在拍摄并网络直播，您可能出现在画面中。如不愿被拍摄，请告知店员关闭摄像头，或在应用内举报此直播。"
# Chinese first for the public: Noto Sans CJK SC (Debian's fonts-noto-cjk, which the setup scripts install).
CJK_FONTS = [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
             ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
             ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
             ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0)]
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font with Chinese glyphs; without one the sticker would print boxes, so that is logged loudly."""
    for path, index in CJK_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=index)
    log.error("no CJK font found (apt-get install fonts-noto-cjk): the sticker's Chinese text prints as boxes")
    return ImageFont.load_default(size=size)


NO_LINE_START = "，。；：、！？）》」"


def _fit(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float) -> list[str]:
    """Lines of text no wider than width pixels: Chinese breaks between characters (never before closing
    punctuation), English between words."""
    units = text.split(" ") if text.isascii() else list(text)
    joiner = " " if text.isascii() else ""
    lines: list[str] = []
    for unit in units:
        candidate = f"{lines[-1]}{joiner}{unit}" if lines else unit
        if lines and (font.getlength(candidate) <= width or unit in NO_LINE_START):
            lines[-1] = candidate
        else:
            lines.append(unit)
    return lines


def render_png(payload: str, *, title: str) -> bytes:
    """A printable sticker: the QR code, the consent notice in Chinese and the stream's title, English below."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(payload)
    code = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    big, small = _font(24), _font(16)
    width = code.width - 40
    chinese = _fit(NOTICE_ZH, big, width) + _fit(f"直播：{title[:40]}", big, width)
    english = _fit(NOTICE, small, width) + _fit(f"Stream: {title[:40]}", small, width)
    sticker = Image.new("RGB", (code.width, code.height + 34 * len(chinese) + 22 * len(english) + 30), "white")
    sticker.paste(code, (0, 0))
    draw = ImageDraw.Draw(sticker)
    y = code.height
    for line in chinese:
        draw.text((20, y), line, fill="black", font=big)
        y += 34
    y += 10
    for line in english:
        draw.text((20, y), line, fill="black", font=small)
        y += 22
    buffer = io.BytesIO()
    sticker.save(buffer, format="PNG")
    return buffer.getvalue()


def render_pdf(payload: str, *, title: str) -> bytes:
    """The same sticker as a one-page A6 PDF for printing."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6)
    width, height = A6
    png = ImageReader(io.BytesIO(render_png(payload, title=title)))
    pdf.drawImage(png, 15, 15, width=width - 30, height=height - 30, preserveAspectRatio=True)
    pdf.setTitle(f"拍摄告示贴纸 Consent notice sticker: {title}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
