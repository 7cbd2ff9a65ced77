"""The shape of a CSV file, checked before pandas parses it: a header naming one column
twice, an unclosed quote, a row with too many or too few fields -- each an error naming the
file and line (pandas would rename, merge lines, or shift the row silently)."""

from __future__ import annotations

import csv
import io

import numpy as np

from ..exceptions import InputError

__all__ = ["check_header", "check_quotes", "record_lines"]


def check_header(text: str, sep: str, path: str, what: str) -> None:
    """A header naming one column twice is an error (pandas would rename it ``x.1``)."""
    lineno = 1
    for lineno, line in enumerate(text.split("\n"), start=1):  # noqa: B007
        if line.strip(" \t"):
            break
    if len(sep) == 1:
        header = next(csv.reader(io.StringIO(text.split("\n")[lineno - 1]), delimiter=sep),
                      [])
    else:
        import re

        header = re.split(sep, text.split("\n")[lineno - 1].strip())
    seen: dict[str, list[int]] = {}
    for k, name in enumerate(header, start=1):
        seen.setdefault(name, []).append(k)
    dupes = {n: c for n, c in seen.items() if len(c) > 1}
    if dupes:
        name, cols = next(iter(dupes.items()))
        raise InputError(
            f"{what} {path!r}, line {lineno}: the header names column {name!r} more than "
            f"once (columns {', '.join(str(c) for c in cols)}); give each column its own "
            "name.", path=path, line=lineno, column=cols[1])


def check_quotes(text: str, sep: str, path: str, what: str) -> None:
    """An opening quote never closed swallows the rest of the file: name where it opens."""
    if '"' not in text or len(sep) != 1:
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = 0
    try:
        for _ in reader:
            start = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # other oddities are left to the field-count check
        line = _open_quote_line(text, start, sep)
        raise InputError(
            f"{what} {path!r}, line {line}: a quote opens a field that is never closed (the "
            "rest of the file would be read into that one field). Close the quote, or "
            "remove it.", path=path, line=line) from None


def _open_quote_line(text: str, start: int, sep: str) -> int:
    """The line of the quote that opens the unterminated field of the record after line
    ``start``."""
    pos = 0
    for _ in range(start):
        pos = text.index("\n", pos) + 1
    field_start, quoted, opened, k = True, False, pos, pos
    n = len(text)
    while k < n:
        ch = text[k]
        if quoted:
            if ch == '"':
                if k + 1 < n and text[k + 1] == '"':
                    k += 1
                else:
                    quoted = False
        elif ch == '"' and field_start:
            quoted, opened = True, k
        field_start = not quoted and ch in (sep, "\n")
        k += 1
    return text.count("\n", 0, opened) + 1


def record_lines(text: str, raw: bytes, sep: str, path: str, what: str) -> np.ndarray | None:
    """Line numbers of the data rows, after checking that each has the header's field count.

    ``None`` when the separator is a regular expression (no count check possible).
    """
    if len(sep) != 1:
        return None
    if '"' in text or not sep.isascii():
        return _record_lines_quoted(text, sep, path, what)
    b = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    counts = np.bincount(np.searchsorted(nl, np.flatnonzero(b == ord(sep))),
                         minlength=nl.size + 1) + 1
    filled = _filled_lines(b, nl, ord(sep))
    header = int(filled[0])
    data = filled[filled > header]
    bad = counts[data - 1] != counts[header - 1]
    if bad.any():
        line = int(data[np.flatnonzero(bad)[0]])
        _field_count_error(text, line, int(counts[line - 1]), int(counts[header - 1]), header,
                           sep, path, what)
    return data


def _filled_lines(b: np.ndarray, nl: np.ndarray, sep: int) -> np.ndarray:
    """1-based numbers of the lines that are not blank, as pandas sees them: a blank line
    holds only spaces and tabs, none of them the separator."""
    starts = np.r_[0, nl + 1]
    ends = np.r_[nl, b.size]
    filled = np.r_[0, np.cumsum((~np.isin(b, [9, 10, 32])) | (b == sep), dtype=np.int64)]
    return np.flatnonzero(filled[ends] - filled[starts] > 0) + 1


def _record_lines_quoted(text: str, sep: str, path: str, what: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    lines: list[int] = []
    expected = header = None
    prev = 0
    try:
        for rec in reader:
            start, prev = prev + 1, reader.line_num
            if not rec or (len(rec) == 1 and not rec[0].strip(" \t")):
                continue
            if expected is None:
                expected, header = len(rec), start
                continue
            if len(rec) != expected:
                _field_count_error(text, start, len(rec), expected, header, sep, path, what)
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"{what} {path!r}, line {reader.line_num}: {exc}.", path=path,
                         line=reader.line_num) from None
    return np.array(lines, dtype=np.int64)


def _field_count_error(text: str, line: int, got: int, expected: int, header: int, sep: str,
                       path: str, what: str) -> None:
    content = text.split("\n", line)[line - 1]
    shown = repr(content if len(content) <= 80 else content[:77] + "...")
    raise InputError(
        f"{what} {path!r}, line {line}: expected {expected} fields separated by {sep!r}, as in "
        f"the header on line {header}; got {got}: {shown}. Fix that row (quote a field that "
        "holds the separator), or pass the right sep=.",
        path=path, line=line,
    )
