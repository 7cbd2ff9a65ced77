"""Whitespace-separated text tables (SocioPatterns files) read fast and validated exactly.

A file is a sequence of lines separated by ``\\n`` (a trailing ``\\r`` is ignored, so CRLF
files work); fields are separated by runs of spaces and tabs; blank lines are skipped. Each
column has a kind: ``"int"`` (an integer in int64 range), ``"num"`` (a finite number; int64
when every value is an integer literal) or ``"str"`` (any token).

Valid files take a fast path through pandas' C parser. Anything the fast path finds odd
(wrong field counts, a token of the wrong kind, a parser error) sends the file to a plain
line-by-line scanner, which is the authority: it either returns the same table or raises
:class:`~netmix.exceptions.InputError` naming the file, line and column.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InputError

__all__ = ["read_fields", "read_text"]

_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_SPLIT_RE = re.compile(r"[ \t]+")
_I64 = np.iinfo(np.int64)
_WS = np.array([9, 10, 11, 12, 13, 32], dtype=np.uint8)


def read_text(path: str | os.PathLike, *, what: str) -> tuple[str, bytes]:
    """Read a file as UTF-8 text, with netmix errors for a missing, empty or binary file."""
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
    if raw.endswith(b".gz") or raw[:2] == b"\x1f\x8b":
        import gzip

        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{what} {str(p)!r} looks gzip-compressed but is damaged: {exc}.",
                             path=str(p)) from None
    if not raw.strip():
        raise InputError(f"{what} {str(p)!r} is empty; it must hold at least one record.",
                         path=str(p))
    nul = raw.find(b"\x00")
    bad = nul if nul >= 0 else None
    text = None
    if bad is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start
    if bad is not None:
        line = raw.count(b"\n", 0, bad) + 1
        col = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
        raise InputError(
            f"{what} {str(p)!r}, line {line}, column {col}: byte {raw[bad:bad + 1]!r} is not "
            "text (UTF-8 expected); is this the right file?",
            path=str(p), line=line, column=col,
        )
    return text, raw


def _line_numbers(raw: bytes) -> np.ndarray:
    """1-based numbers of the non-blank ``\\n``-separated lines of ``raw`` (vectorised)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    starts = np.r_[0, nl + 1]
    ends = np.r_[nl, b.size]
    nonws = np.r_[0, np.cumsum(~np.isin(b, _WS), dtype=np.int64)]
    filled = nonws[ends] - nonws[starts] > 0
    return np.flatnonzero(filled) + 1


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
        Column names and kinds (``"int"``, ``"num"``, ``"str"``), one per field.
    what : str
        What the file is, for messages ("contact file", "metadata file", ...).
    n_fields : sequence of int, optional
        Accepted field counts; the first non-blank line picks one and every line must
        match it. Default: ``len(names)``. Columns past the chosen count are absent.
    """
    text, raw = read_text(path, what=what)
    allowed = list(n_fields) if n_fields is not None else [len(names)]
    first = next(ln for ln in text.split("\n", 64) if ln.strip(" \t\r"))  # raw.strip() ensured
    k = len(_split(first))
    if k not in allowed:
        line = _line_numbers(raw)[0]
        raise InputError(
            f"{what} {str(path)!r}, line {line}: expected {_counts(allowed)} fields separated "
            f"by spaces or tabs ({' '.join(names[:max(allowed)])}); got {k}: {first.strip()!r}.",
            path=str(path), line=int(line),
        )
    names, kinds = list(names[:k]), list(kinds[:k])
    try:
        table = _fast(text, raw, names, kinds)
    except Exception:  # noqa: BLE001 - the scanner below is the authority on errors
        table = None
    if table is None:
        table = _scan(text, names, kinds, path=str(path), what=what)
    table.attrs["netmix_path"] = str(path)
    return table


def _counts(allowed: Sequence[int]) -> str:
    return " or ".join(str(a) for a in allowed)


def _split(line: str) -> list[str]:
    line = line.rstrip("\r").strip(" \t")
    return _SPLIT_RE.split(line) if line else []


def _fast(text: str, raw: bytes, names: list[str], kinds: list[str]) -> pd.DataFrame | None:
    k = len(names)
    if "\r" in text.replace("\r\n", "") or "\x0b" in text or "\x0c" in text or '"' in text:
        return None  # characters the C parser treats differently from the scanner
    df = pd.read_csv(
        io.StringIO(text), sep=r"\s+", header=None, names=list(range(k + 1)), dtype=str,
        quoting=3, skip_blank_lines=True, na_filter=False, engine="c", comment=None,
        keep_default_na=False,
    )
    lines = _line_numbers(raw)
    if len(df) != lines.size or df[k].ne("").any() and df[k].notna().any():
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
    if kind == "int" and not is_int.all():
        return None
    if is_int.all():
        num = pd.to_numeric(col, errors="coerce")
        if num.dtype.kind != "i":
            return None  # out of int64 range
        return num.to_numpy(dtype=np.int64)
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
                f"separated by spaces or tabs; got {len(fields)}: {line.strip()[:80]!r}.",
                path=path, line=lineno,
            )
        for j, (tok, kind) in enumerate(zip(fields, kinds, strict=True)):
            cols[j].append(_parse_token(tok, kind, path=path, what=what, line=lineno,
                                        column=j + 1, name=names[j]))
        lines.append(lineno)
    out = {}
    for name, kind, values in zip(names, kinds, cols, strict=True):
        if kind == "str":
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
    where = f"{what} {path!r}, line {line}, column {column} ({name})"
    if _INT_RE.match(tok):
        value = int(tok)
        if not _I64.min <= value <= _I64.max:
            raise InputError(f"{where}: {tok[:40]!r} is out of the 64-bit integer range.",
                             path=path, line=line, column=column)
        return value
    if kind == "int":
        raise InputError(f"{where}: expected an integer; got {tok[:40]!r}.",
                         path=path, line=line, column=column)
    try:
        value = float(tok)
    except ValueError:
        raise InputError(f"{where}: expected a number; got {tok[:40]!r}.",
                         path=path, line=line, column=column) from None
    if not np.isfinite(value):
        raise InputError(f"{where}: expected a finite number; got {tok[:40]!r}.",
                         path=path, line=line, column=column)
    return value
