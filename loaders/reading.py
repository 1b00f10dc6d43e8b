"""Reading: bytes on disk → text, with the encoding detected, not told.

Tried in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, then the legacy
encodings GB18030 (a superset of GBK and GB2312) and Big5, the one under which the text reads
as real Chinese. NUL bytes, UTF-16/UTF-32 without a byte-order mark, binary files and
undecodable bytes are refused with the file named and the problem stated. Traditional characters are converted to simplified for matching (`norm`);
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
    """Convert traditional to simplified, keeping the length (char by char if needed), and mend
    what a careless converter wrote before us (着作权 for 著作权, ``data/noise.toml``).

    >>> to_simplified("知識產權保護"), to_simplified("加强着作权保护"), to_simplified("发挥着作用")
    ('知识产权保护', '加强著作权保护', '发挥着作用')
    """
    return _mended(_simplified(text))


def _simplified(text: str) -> str:
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


@functools.cache
def _misconversions() -> tuple[tuple[str, str], ...]:
    """``data/noise.toml``'s ``[misconversions]``: words a traditional-to-simplified converter gets
    wrong on re-posted pages, each with the word meant (of the same length, so spans agree)."""
    from policykg.graph.errors import DataFileError
    from policykg.loaders.datafiles import DATA_DIR, data_file
    table = data_file("noise").get("misconversions", {})
    for wrong, right in table.items():
        if not isinstance(right, str) or len(right) != len(wrong) or not wrong:
            raise DataFileError(DATA_DIR / "noise.toml", f"[misconversions] {wrong!r} must map to a word of the same "
                                                       f"length, not {right!r}")
    return tuple(table.items())


def _mended(text: str) -> str:
    for wrong, right in _misconversions():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)
#: byte-order marks, longest first (a UTF-32 LE mark begins with the UTF-16 LE one)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
#: tried in turn when a file is not UTF-8: mainland GB18030 (a superset of GBK and GB2312), then Big5
LEGACY = ("gb18030", "cp950", "big5hkscs")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def _wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 byte order under which bytes holding NULs read as real text, if any."""
    sample = data[:65536]
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        width = 4 if codec.startswith("utf-32") else 2
        try:
            text = sample[: len(sample) // width * width].decode(codec)
        except UnicodeDecodeError:
            continue
        if (text.strip() and not _CONTROL_CHARS.search(text) and _plausible_chinese(text)
                and (not _HAN.search(text) or _fluency(text) >= 0.7)):
            return codec
    return None


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_COMMON = re.compile(r"[\u0000-\u007f\u3000-\u303f\u4e00-\u9fa5\uff00-\uffef\u2000-\u206f\s]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; real text is mostly common CJK and ASCII."""
    sample = text[:20000]
    common = len(_COMMON.findall(sample))
    return common >= 0.95 * len(sample)


def frequent_hanzi_from_jieba() -> list[str]:
    """The 3,500 most frequent characters of jieba's dictionary (simplified), most frequent first:
    how ``data/frequent_hanzi.toml`` was made (tests/test_reading.py checks it still is)."""
    import jieba
    jieba.setLogLevel(60)
    weight: dict[str, int] = {}
    for word, freq in jieba.Tokenizer().gen_pfdict(jieba.get_dict_file())[0].items():
        for ch in word:
            weight[ch] = weight.get(ch, 0) + freq
    return sorted((c for c in weight if _HAN.match(c)), key=lambda c: (-weight[c], c))[:3500]


@functools.cache
def _frequent_hanzi() -> frozenset[str]:
    """The 3,500 most frequent characters of written Chinese (by jieba's dictionary), used to tell
    the right legacy decoding from the wrong one; kept as data, so reading needs no dictionary."""
    from policykg.loaders.datafiles import data_file
    return frozenset(data_file("frequent_hanzi")["characters"])


def _fluency(text: str) -> float:
    """Share of a text's Han characters (read as simplified) that are frequent ones: about 0.95
    for real text, well under 0.7 for bytes decoded with the wrong legacy encoding."""
    han = _HAN.findall(text[:20000])
    if not han:
        return 0.0
    common = _frequent_hanzi()
    return sum(1 for c in to_simplified("".join(han)) if c in common) / len(han)


def decode_bytes(data: bytes, path: str) -> SourceText:
    """Decode bytes of one document, or raise LoadError naming `path`."""
    if not data:
        raise LoadError(path, "the file is empty (0 bytes)")
    if not data.strip():
        raise LoadError(path, "the file holds no text, only white space")
    bom = next(((name, codec) for mark, name, codec in BOMS if data.startswith(mark)), None)
    if bom is not None:
        name, codec = bom
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LoadError(path, f"cannot decode as {name} (its byte-order mark says so): bad bytes at offset {exc.start}") from None
        encoding = "utf-8-sig" if codec == "utf-8-sig" else name
        if codec != "utf-8-sig" and not _plausible_chinese(text):
            raise LoadError(path, f"cannot decode the text: it starts with a {name.upper()} byte-order mark but is not plausible {name.upper()} text")
    else:
        nul = data.find(b"\x00")
        wide = _wide_encoding(data) if nul >= 0 else None
        if wide:
            raise LoadError(path, f"looks like {wide.upper()} text without a byte-order mark (NUL bytes at fixed "
                                  "offsets): save it as UTF-8, or with a byte-order mark")
        if _looks_binary(data):
            raise LoadError(path, "the file is binary, not text (NUL or control bytes found)")
        if nul >= 0:
            raise LoadError(path, f"holds a NUL byte at offset {nul} (line {_line_of(data, nul)}): text files hold none; "
                                  "the file is damaged or not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                raise LoadError(path, f"truncated UTF-8: the file ends inside a multi-byte character (offset {exc.start})") from None
            text, encoding = _legacy(data, path, exc.start)
    nul = text.find("\x00")
    if nul >= 0:
        raise LoadError(path, f"holds a NUL character at character {nul}: text files hold none; the file is damaged")
    if not text.strip():
        raise LoadError(path, "the file holds no text")
    simplified = _simplified(text)
    # traditional: whether the page was written so, not whether a converter's slip was mended
    return SourceText(path=path, encoding=encoding, text=text, norm=_mended(simplified),
                      traditional=simplified != text)


def _legacy(data: bytes, path: str, utf8_error: int) -> tuple[str, str]:
    """The legacy Chinese encoding (GB18030 or Big5) under which the bytes read as real text."""
    best = None
    for codec in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _plausible_chinese(to_simplified(text[:20000])):
            continue
        score = _fluency(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < 0.7:
        raise LoadError(path, f"cannot decode the text: not valid UTF-8 (bad bytes at offset {utf8_error}), "
                              "and not plausible GB18030/GBK or Big5")
    _, text, codec = best
    return text, {"cp950": "big5", "big5hkscs": "big5-hkscs"}.get(codec, codec)


def read_source(path: Path, shown: str | None = None) -> SourceText:
    """Read one document file. Every failure names the file (as `shown`, when given)."""
    path = Path(path)
    name = shown or str(path)
    if not path.exists():
        raise LoadError(name, "file not found")
    if not path.is_file():
        raise LoadError(name, "not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(name, f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit for one document")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(name, f"cannot read: {exc.strerror}") from None
    return decode_bytes(data, name)
