"""Reading: bytes on disk → text, with the encoding detected, not told.

Tried in order: a BOM (UTF-8, UTF-16), strict UTF-8, strict GB18030 (a superset
of GBK and GB2312). Binary files and undecodable bytes are refused with the file
named. Traditional characters are converted to simplified for matching (`norm`);
the original text is kept for display (`text`). Both have the same length, so a
span found in `norm` cuts the same characters out of `text`.

>>> src = decode_bytes("关於".encode("gb18030"), "x.txt")
>>> src.encoding, src.norm
('gb18030', '关于')
"""
from __future__ import annotations

import codecs
import re
import functools
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import LoadError

#: Larger files are refused: a policy document is tens of kilobytes.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    path: str
    encoding: str
    text: str          # original, for display and spans
    norm: str          # simplified, same length as text, for matching
    traditional: bool  # whether conversion changed anything


@functools.cache
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified, keeping the length (char by char if needed)."""
    if not text:
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


_COMMON = re.compile(r"[\u0000-\u007f\u3000-\u303f\u4e00-\u9fa5\uff00-\uffef\u2000-\u206f\s]")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; real text is mostly common CJK and ASCII."""
    sample = text[:20000]
    common = len(_COMMON.findall(sample))
    return common >= 0.95 * len(sample)


def decode_bytes(data: bytes, path: str) -> SourceText:
    """Decode bytes of one document, or raise LoadError naming `path`."""
    if not data:
        raise LoadError(path, "the file is empty (0 bytes)")
    if not data.strip():
        raise LoadError(path, "the file holds no text, only white space")
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        if _looks_binary(data):
            raise LoadError(path, "the file is binary, not text (NUL or control bytes found)")
        encoding, body = None, data
    if encoding is None:
        try:
            text, encoding = body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                raise LoadError(path, f"truncated UTF-8: the file ends inside a multi-byte character (offset {exc.start})") from None
            utf8_error = exc.start
            try:
                text, encoding = body.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise LoadError(path, f"cannot decode the text as UTF-8 or GB18030/GBK (bad bytes at offset {utf8_error})") from None
            if not _plausible_chinese(text):
                raise LoadError(path, f"cannot decode the text: not valid UTF-8 (bad bytes at offset {utf8_error}) and not plausible GB18030/GBK")
    else:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise LoadError(path, f"cannot decode as {encoding}: bad bytes at offset {exc.start}") from None
        if encoding == "utf-16" and not _plausible_chinese(text):
            raise LoadError(path, "cannot decode the text: it starts with a UTF-16 byte-order mark but is not plausible UTF-16 text")
    if not text.strip():
        raise LoadError(path, "the file holds no text")
    norm = to_simplified(text)
    return SourceText(path=path, encoding=encoding, text=text, norm=norm, traditional=norm != text)


def read_source(path: Path) -> SourceText:
    """Read one document file. Every failure names the file."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "file not found")
    if not path.is_file():
        raise LoadError(path, "not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(path, f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit for one document")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror}") from None
    return decode_bytes(data, str(path))
