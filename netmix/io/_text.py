"""Whitespace-separated text tables (SocioPatterns files) read fast and validated exactly.

A file is UTF-8 text (a leading byte-order mark is ignored), gzip-compressed or not. Lines
end with ``\\n``, ``\\r\\n`` or ``\\r`` (universal newlines, as Python's ``open``); fields
are separated by runs of spaces and tabs; lines holding nothing but spaces and tabs are
blank and skipped. Each column has a kind: ``"int"`` (an ASCII integer literal in int64
range), ``"id"`` (an integer literal too, but read as text: int64 when every id of the
file's id columns is canonical, ``str(int(x)) == x``, else the text as written, so that
``007`` never meets ``7``), ``"num"`` (a finite ASCII decimal number; int64 when every value
is an integer literal, else float64) or ``"str"`` (any token).

Valid files take a fast path through pandas' C parser. Anything the fast path finds odd
(wrong field counts, a token of the wrong kind, a parser error) sends the file to a plain
line-by-line scanner, which is the authority: it either returns the same table or raises
:class:`~netmix.exceptions.InputError` naming the file, line and column.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputError

__all__ = ["first_line", "line_numbers", "parse_fields", "read_fields", "read_text"]

_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_NUM_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_SPLIT_RE = re.compile(r"[ \t]+")
_FIRST_RE = re.compile(r"[^ \t\n]")
_I64 = np.iinfo(np.int64)


def read_text(path: str | os.PathLike, *, what: str) -> tuple[str, bytes]:
    """Read a file as text, with netmix errors for a missing, empty or binary file.

    Returns the text with newlines normalised to ``\\n`` and its UTF-8 bytes (the
    byte-order mark removed from both).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} {str(p)!r} does not exist; check the path.", path=str(p)) \
            from None
    except IsADirectoryError:
        raise InputError(f"{what} {str(p)!r} is a directory; pass the file inside it.",
                         path=str(p)) from None
    except OSError as exc:
        raise InputError(f"{what} {str(p)!r} could not be read: {exc}.", path=str(p)) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{what} {str(p)!r} looks gzip-compressed but is damaged: {exc}. "
                             "Download it again.", path=str(p)) from None
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    nul = raw.find(b"\x00")
    bad = nul if nul >= 0 else None
    text = ""
    if bad is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
    if bad is not None:
        before = raw[:bad].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"{what} {str(p)!r}, line {line}, column {col}: byte {raw[bad:bad + 1]!r} is not "
            "text (UTF-8 expected); is this the right file?",
            path=str(p), line=line, column=col,
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        raw = text.encode("utf-8")
    if _FIRST_RE.search(text) is None:
        raise InputError(f"{what} {str(p)!r} is empty; it must hold at least one record.",
                         path=str(p))
    return text, raw


def first_line(text: str) -> tuple[int, str]:
    """The 1-based number and the content of the first non-blank line of ``text``."""
    m = _FIRST_RE.search(text)
    if m is None:  # read_text rules this out
        raise InputError("the file is empty; it must hold at least one record.")
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.start())
    return text.count("\n", 0, start) + 1, text[start:end if end >= 0 else len(text)]


def line_numbers(raw: bytes) -> np.ndarray:
    """1-based numbers of the non-blank ``\\n``-separated lines of ``raw`` (vectorised)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    starts = np.r_[0, nl + 1]
    ends = np.r_[nl, b.size]
    filled = np.r_[0, np.cumsum((b != 32) & (b != 9) & (b != 10), dtype=np.int64)]
    return np.flatnonzero(filled[ends] - filled[starts] > 0) + 1


def read_fields(
    path: str | os.PathLike,
    names: Sequence[str],
    kinds: Sequence[str],
    *,
    what: str,
    n_fields: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Read a whitespace-separated file into a DataFrame indexed by line number.

    Parameters
    ----------
    path : path-like
    names, kinds : sequences of str
        Column names and kinds (``"int"``, ``"id"``, ``"num"``, ``"str"``), one per field.
    what : str
        What the file is, for messages ("contact file", "metadata file", ...).
    n_fields : sequence of int, optional
        Accepted field counts; the first non-blank line picks one and every line must
        match it. Default: ``len(names)``. Columns past the chosen count are absent.
    """
    text, raw = read_text(path, what=what)
    return parse_fields(text, raw, names, kinds, path=str(path), what=what, n_fields=n_fields)


def parse_fields(text: str, raw: bytes, names: Sequence[str], kinds: Sequence[str], *,
                 path: str, what: str, n_fields: Sequence[int] | None = None) -> pd.DataFrame:
    """:func:`read_fields` on text already read by :func:`read_text`."""
    allowed = list(n_fields) if n_fields is not None else [len(names)]
    lineno, first = first_line(text)
    k = len(_split(first))
    if k not in allowed:
        raise InputError(
            f"{what} {path!r}, line {lineno}: expected {_counts(allowed)} fields separated "
            f"by spaces or tabs ({' '.join(names[:max(allowed)])}); got {k}: {_show(first)}.",
            path=path, line=lineno,
        )
    names, kinds = list(names[:k]), list(kinds[:k])
    try:
        table = _fast(text, raw, names, kinds)
    except Exception:  # the scanner below is the authority on errors
        table = None
    if table is None:
        table = _scan(text, names, kinds, path=path, what=what)
    ids = [n for n, k in zip(names, kinds, strict=True) if k == "id"]
    if any(table[n].dtype.kind != "i" for n in ids):  # one type for all the file's ids
        for n in ids:
            table[n] = table[n].astype(str).astype(object)
    table.attrs["netmix_path"] = path
    return table


def _counts(allowed: Sequence[int]) -> str:
    return " or ".join(str(a) for a in allowed)


def _show(line: str) -> str:
    line = line.strip(" \t")
    return repr(line if len(line) <= 80 else line[:77] + "...")


def _split(line: str) -> list[str]:
    line = line.strip(" \t")
    return _SPLIT_RE.split(line) if line else []


def _fast(text: str, raw: bytes, names: list[str], kinds: list[str]) -> pd.DataFrame | None:
    k = len(names)
    if "\x0b" in text or "\x0c" in text or '"' in text:
        return None  # characters the C parser treats differently from the scanner
    df = pd.read_csv(
        io.StringIO(text), sep=r"\s+", header=None, names=list(range(k + 1)), dtype=str,
        quoting=3, skip_blank_lines=True, na_filter=False, engine="c", comment=None,
        keep_default_na=False,
    )
    lines = line_numbers(raw)
    if len(df) != lines.size or (df[k].ne("").any() and df[k].notna().any()):
        return None
    out = {}
    for j, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        col = df[j]
        if col.isna().any() or col.eq("").any():
            return None
        values = _convert_fast(col, kind)
        if values is None:
            return None
        out[name] = values
    return pd.DataFrame(out, index=pd.Index(lines, name="line"))


def _convert_fast(col: pd.Series, kind: str) -> np.ndarray | None:
    if kind == "str":
        return col.to_numpy(dtype=object)
    strs = col.to_numpy(dtype=str)
    is_int = np.char.isdigit(np.char.lstrip(strs, "+-"))
    if kind in ("int", "id") and not is_int.all():
        return None
    if is_int.all():
        num = pd.to_numeric(col, errors="coerce")
        if num.dtype.kind != "i":
            return None  # out of int64 range, or not an ASCII literal
        if kind == "id" and not (num.astype(str).to_numpy(dtype=object)
                                 == col.to_numpy(dtype=object)).all():
            return col.to_numpy(dtype=object)  # not canonical (007, +7): text as written
        return num.to_numpy(dtype=np.int64)
    if (np.char.str_len(np.char.lstrip(strs[is_int], "+-0")) > 18).any():
        return None  # an integer literal that may be out of int64 range: the scanner decides
    num = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(num).all():
        return None
    return num


def _scan(text: str, names: list[str], kinds: list[str], *, path: str, what: str
          ) -> pd.DataFrame:
    k = len(names)
    cols: list[list] = [[] for _ in range(k)]
    lines: list[int] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        fields = _split(line)
        if not fields:
            continue
        if len(fields) != k:
            raise InputError(
                f"{what} {path!r}, line {lineno}: expected {k} fields ({' '.join(names)}) "
                f"separated by spaces or tabs, as on the first line; got {len(fields)}: "
                f"{_show(line)}.",
                path=path, line=lineno,
            )
        for j, (tok, kind) in enumerate(zip(fields, kinds, strict=True)):
            cols[j].append(_parse_token(tok, kind, path=path, what=what, line=lineno,
                                        column=j + 1, name=names[j]))
        lines.append(lineno)
    out = {}
    for name, kind, values in zip(names, kinds, cols, strict=True):
        if kind == "id" and all(str(v) == t for v, t in values):
            out[name] = np.array([v for v, _ in values], dtype=np.int64)
        elif kind == "id":
            out[name] = np.array([t for _, t in values], dtype=object)
        elif kind == "str":
            out[name] = np.array(values, dtype=object)
        elif all(isinstance(v, int) for v in values):
            out[name] = np.array(values, dtype=np.int64)
        else:
            out[name] = np.array(values, dtype=float)
    return pd.DataFrame(out, index=pd.Index(np.array(lines, dtype=np.int64), name="line"))


def _parse_token(tok: str, kind: str, *, path: str, what: str, line: int, column: int,
                 name: str):
    if kind == "str":
        return tok
    if kind == "id":
        return _parse_token(tok, "int", path=path, what=what, line=line, column=column,
                            name=name), tok
    where = f"{what} {path!r}, line {line}, column {column} ({name})"
    shown = repr(tok if len(tok) <= 40 else tok[:37] + "...")
    if _INT_RE.match(tok):
        digits = tok.lstrip("+-").lstrip("0")
        value = int(tok) if len(digits) <= 19 else None  # int() refuses > 4300 digits
        if value is None or not _I64.min <= value <= _I64.max:
            raise InputError(f"{where}: {shown} is out of the 64-bit integer range.",
                             path=path, line=line, column=column)
        return value
    if kind == "int":
        raise InputError(f"{where}: expected an integer; got {shown}.",
                         path=path, line=line, column=column)
    if tok.lstrip("+-").lower() in ("nan", "inf", "infinity"):
        raise InputError(f"{where}: expected a finite number; got {shown}.",
                         path=path, line=line, column=column)
    if not _NUM_RE.match(tok):
        raise InputError(f"{where}: expected a number such as 20 or 20.5; got {shown}.",
                         path=path, line=line, column=column)
    value = float(tok)
    if not np.isfinite(value):
        raise InputError(f"{where}: expected a finite number; got {shown}.",
                         path=path, line=line, column=column)
    return value
