"""CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads the Chinese), CRLF
lines, and no cell a spreadsheet would run as a formula.

A cell that starts with = + - @ (after spaces; full-width ＝ ＋ － ＠ too; or a tab or carriage return) is written with a leading
apostrophe, so a hostile corpus cannot put a formula into an analyst's sheet.

>>> to_csv(["a", "b"], [["=1+1", 2], [None, "x"]])
"\\ufeffa,b\\r\\n'=1+1,2\\r\\n,x\\r\\n"
"""
from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def cell(value) -> str:
    """A value as a cell; one a spreadsheet would read as a formula (after any leading spaces,
    full-width signs too) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" \u3000").startswith(FORMULA_START) else text


def to_csv(header, rows) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()
