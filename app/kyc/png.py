"""Tiny PNG and PDF makers for demo evidence (no Qt, no image library)."""

from __future__ import annotations

import re
import struct
import zlib
from io import BytesIO
from typing import Any

RGB = tuple[int, int, int]
_CJK_RUN = re.compile(r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+)")


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(
    width: int, height: int, pixel: RGB | None = None, rows: list[list[RGB]] | None = None
) -> bytes:
    """An 8-bit RGB PNG, either one colour or the given rows of pixels."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            r, g, b = rows[y][x] if rows is not None else (pixel or (255, 255, 255))
            raw += bytes((r, g, b))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def card_image(seed: int, width: int = 168, height: int = 106) -> bytes:
    """A card-like picture: a coloured background, a photo box and text bars."""
    bg: RGB = (200 + seed % 40, 215 + (seed * 7) % 30, 235 - (seed * 3) % 40)
    rows: list[list[RGB]] = []
    for y in range(height):
        row: list[RGB] = []
        for x in range(width):
            colour = bg
            if 10 <= x < 52 and 16 <= y < 70:  # photo
                colour = (120 + (x * y + seed) % 60, 100, 90)
            elif 64 <= x < width - 12 and (y - 20) % 14 < 5 and 20 <= y < 86:  # text lines
                colour = (60, 60, 70)
            elif y >= height - 14:  # footer band
                colour = (170, 40 + seed % 80, 40)
            row.append(colour)
        rows.append(row)
    return png(width, height, rows=rows)


def letter_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF letter (an address or income proof) through reportlab.

    Chinese runs (customer names) are set in the CID font: Helvetica has no CJK
    glyphs, and the preview showed the names as boxes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.reports.fonts import register_fonts

    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    _draw_mixed(canvas, 72, 770, title, "Helvetica-Bold", 16)
    for n, line in enumerate(lines):
        _draw_mixed(canvas, 72, 740 - 16 * n, line, "Helvetica", 11)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_mixed(canvas: Any, x: float, y: float, text: str, latin: str, size: float) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.reports.fonts import CJK_FONT

    for n, run in enumerate(_CJK_RUN.split(text)):
        if not run:
            continue
        font = CJK_FONT if n % 2 else latin  # split() puts the captured CJK runs at odd places
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
