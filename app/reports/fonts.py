"""Fonts for documents: Latin text in Helvetica, Chinese in reportlab's built-in CID
font STSong-Light (no font file to ship; every PDF viewer has it)."""

from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
_CJK_RUN = re.compile(r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+)")


def register_fonts() -> None:
    """Register the CID font once (idempotent; call before building a document)."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mixed(text: str) -> str:
    """Paragraph markup: runs of Chinese in the CJK font, the rest as given."""
    return _CJK_RUN.sub(lambda m: f'<font name="{CJK_FONT}">{m.group(1)}</font>', escape(text))


def runs(text: str, latin: str = LATIN_FONT) -> tuple[tuple[str, str], ...]:
    """``text`` as (font, text) runs for a canvas: Chinese in the CJK font, the rest in
    ``latin`` (the same split ``mixed`` makes for a Paragraph)."""
    parts = _CJK_RUN.split(text)  # the capturing group puts the CJK runs at odd indexes
    return tuple((CJK_FONT if n % 2 else latin, part) for n, part in enumerate(parts) if part)
