"""CSV files as Chinese banks and spreadsheets write them: UTF-8 (with or without the
byte order mark Excel puts first), GBK, or GB18030 (GBK's superset, with four-byte
characters), told apart from the bytes themselves.

The encoding is decided from a bounded prefix of the file (memory stays flat however
big it is) and then every line is decoded strictly: a line that is not text in that
encoding is reported by its number, never decoded with replacement characters. Line
breaks are kept as in the file (the equivalent of ``open(..., newline="")``), so a
quoted field that holds a line break stays one field.

UTF-8 is tried first: Chinese text in GBK is almost never valid UTF-8, while UTF-8
bytes often are valid GBK (as mojibake), so a UTF-8 line inside a GBK file cannot be
caught; a byte that starts no character in the file's encoding always is.

Splitting the bytes at ``\\n`` is safe in all three encodings: byte 0x0A is never part
of a multi-byte character in GBK or GB18030 (their trail bytes are 0x30 and up).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from app.errors import ValidationError

PREFIX_BYTES = 64 * 1024  # what the encoding is decided from
UTF8, UTF8_BOM, GBK, GB18030 = "utf-8", "utf-8-sig", "gbk", "gb18030"
CANDIDATES = (UTF8, GBK, GB18030)  # tried in this order: UTF-8 is the strictest
LABELS = {UTF8: "UTF-8", UTF8_BOM: "UTF-8 with BOM", GBK: "GBK", GB18030: "GB18030"}
SUPPORTED = "UTF-8, GBK or GB18030"


def label(codec: str) -> str:
    """The encoding's name as people write it ("GBK", "UTF-8 with BOM")."""
    return LABELS.get(codec, codec)


def _first_bad(lines: list[bytes], codec: str) -> int | None:
    """The 1-based number of the first line of ``lines`` that ``codec`` cannot
    decode, or None when all of them decode."""
    for number, raw in enumerate(lines, start=1):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            return number
    return None


def detect(prefix: bytes, name: str, *, complete: bool) -> str | None:
    """The codec of a file that starts with ``prefix`` (``complete``: the prefix is
    the whole file), or None while the prefix is plain ASCII and so fits them all.

    Raises ValidationError naming the line when no supported encoding reads the
    prefix, or when it is UTF-16 (Excel's "Unicode text"), which is not CSV."""
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(
            f"{name} line 1", f"is UTF-16 text; save the file as CSV in {SUPPORTED} and try again"
        )
    if not complete and b"\n" in prefix:
        prefix = prefix[: prefix.rindex(b"\n") + 1]  # whole lines only
    bom = prefix.startswith(codecs.BOM_UTF8)
    lines = (prefix[len(codecs.BOM_UTF8) :] if bom else prefix).splitlines(keepends=True)
    if not complete and lines and not lines[-1].endswith(b"\n"):
        lines[-1] = _trim_partial(lines[-1])  # a line longer than the prefix: its start
    if bom:
        bad = _first_bad(lines, UTF8)
        if bad is not None:
            raise ValidationError(
                f"{name} line {bad}",
                "is not UTF-8 text, although the file starts with the UTF-8 byte order mark",
            )
        return UTF8_BOM
    if all(line.isascii() for line in lines):
        return None
    furthest = 0
    for codec in CANDIDATES:
        bad = _first_bad(lines, codec)
        if bad is None:
            return codec
        furthest = max(furthest, bad)
    raise ValidationError(
        f"{name} line {furthest}",
        f"is not text in {SUPPORTED} (the encodings a bank or spreadsheet file may use); "
        "nothing was imported",
    )


def _trim_partial(raw: bytes) -> bytes:
    """Drop the last few bytes of a line cut by the prefix boundary, which may end in
    the middle of a character (at most 3 bytes of one)."""
    for cut in range(4):
        part = raw[: len(raw) - cut]
        if any(_decodes(part, c) for c in CANDIDATES):
            return part
    return raw


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


class LineDecoder:
    """Decodes a CSV file's lines in the encoding its start revealed, strictly.

    A GBK file whose later line holds a GB18030-only character moves to GB18030
    (GBK is its subset, so the earlier lines read the same); a file that was plain
    ASCII so far takes the encoding of its first line that is not."""

    def __init__(self, codec: str | None) -> None:
        self.codec = codec

    @property
    def label(self) -> str:
        """The encoding read so far ("UTF-8" for plain ASCII)."""
        return label(self.codec or UTF8)

    def decode(self, raw: bytes) -> str:
        """``raw`` as text; raises UnicodeDecodeError when it is not text in the
        file's encoding (the caller names the line)."""
        if self.codec is None:
            if raw.isascii():
                return raw.decode("ascii")
            for codec in CANDIDATES:
                if _decodes(raw, codec):
                    self.codec = codec
                    break
            else:
                return raw.decode(UTF8)  # raises: no encoding reads it
        codec = UTF8 if self.codec == UTF8_BOM else self.codec
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            if codec == GBK and _decodes(raw, GB18030):
                self.codec = GB18030
                return raw.decode(GB18030)
            raise


def open_lines(handle: BinaryIO, name: str, bad: set[int]) -> tuple[LineDecoder, Iterator[str]]:
    """Decide ``handle``'s encoding from its first ``PREFIX_BYTES`` and stream its
    lines as text, line breaks kept; a later line that is not text in that encoding
    has its number put in ``bad`` (the caller refuses that row).

    Raises ValidationError (naming the line) when the start of the file is in no
    supported encoding."""
    prefix = handle.read(PREFIX_BYTES)
    complete = len(prefix) < PREFIX_BYTES or not handle.read(1)
    handle.seek(0)
    decoder = LineDecoder(detect(prefix, name, complete=complete))
    return decoder, _decoded(decoder, handle, bad)


def _decoded(decoder: LineDecoder, lines: Iterable[bytes], bad: set[int]) -> Iterator[str]:
    for number, read in enumerate(lines, start=1):
        raw = read[len(codecs.BOM_UTF8) :] if number == 1 and decoder.codec == UTF8_BOM else read
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError:
            bad.add(number)  # the caller refuses the row; these characters go nowhere
            yield raw.decode(decoder.codec or UTF8, errors="replace")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """A whole (small) file as text and the codec it was read in; the BOM is dropped.

    Raises ValidationError naming the first line that is not text in the detected
    encoding (or in any supported one)."""
    codec = detect(data[:PREFIX_BYTES], name, complete=len(data) <= PREFIX_BYTES)
    body = data[len(codecs.BOM_UTF8) :] if codec == UTF8_BOM else data
    if codec is None:  # plain ASCII at the start: the rest decides
        tried: tuple[str, ...] = CANDIDATES
    else:
        tried = (GBK, GB18030) if codec == GBK else (UTF8 if codec == UTF8_BOM else codec,)
    start = 0
    for attempt in tried:
        try:
            text = body.decode(attempt)
        except UnicodeDecodeError as exc:
            start = max(start, exc.start)
            continue
        return text, codec if codec == UTF8_BOM else attempt
    line = body.count(b"\n", 0, start) + 1
    what = (
        f"text in {SUPPORTED}"
        if codec is None
        else f"{label(codec)} text (the encoding of the lines before it)"
    )
    raise ValidationError(f"{name} line {line}", f"is not {what}; nothing was imported")
