"""The bad-input corpus: malformed and hostile inputs, each with its expected outcome.

Each area of netmix keeps its cases in ``tests/badinput/test_<area>.py`` as a list of
:class:`Case` and runs them with :func:`check`. A case either expects a netmix error whose
message names what is wrong (``match``: substrings that must all appear, compared without
case) and, where the input is a file, where (``line``, ``column``, ``path``); or it expects
the exact correct result (``result``: a function that asserts on the returned value), with
the warning it must raise (``warns``) if any.

The suite prints how many corpus inputs it ran (``tests/conftest.py``).

Examples
--------
A case that writes a file and expects the error to name line 3::

    Case("contacts-short-line",
         lambda d: read_contacts(write(d, "t.dat", "20 1 2\\n40 1 2\\n60 1\\n")),
         match=("line 3",), line=3)
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netmix import InputError, NetmixError

__all__ = ["Case", "check", "ids", "write", "write_bytes"]


@dataclass(frozen=True)
class Case:
    """One bad input and what netmix must do with it.

    Parameters
    ----------
    id
        A short name, unique within its file (the pytest id).
    run
        Called with a fresh temporary directory; makes the input and calls netmix.
    error
        The exception type expected (``None`` when a result is expected). Defaults to
        :class:`netmix.InputError`; any expected error must be a :class:`netmix.NetmixError`.
    match
        Substrings the error message must contain (case-insensitive).
    line, column
        The 1-based line and column the error must carry (``InputError.line/.column``).
    path
        When true, the error's ``path`` must be set and its file name must be in the message.
    result
        For inputs that must succeed: called with the returned value; asserts the exact result.
    warns
        A warning class that must be raised (with ``warns_match`` in its message).
    """

    id: str
    run: Callable[[Path], Any]
    error: type[BaseException] | None = InputError
    match: Sequence[str] = ()
    line: int | None = None
    column: int | None = None
    path: bool = False
    result: Callable[[Any], None] | None = None
    warns: type[Warning] | None = None
    warns_match: str = ""

    def __post_init__(self) -> None:
        if (self.error is None) == (self.result is None):
            raise ValueError(f"case {self.id}: give exactly one of error= and result=")


def write(directory: Path, name: str, text: str) -> Path:
    """Write ``text`` (UTF-8, no newline translation) to ``directory/name``; return the path."""
    path = Path(directory) / name
    path.write_bytes(text.encode("utf-8"))
    return path


def write_bytes(directory: Path, name: str, data: bytes) -> Path:
    """Write raw bytes to ``directory/name``; return the path."""
    path = Path(directory) / name
    path.write_bytes(data)
    return path


def ids(cases: Sequence[Case]) -> list[str]:
    """pytest ids of the cases, checked to be unique."""
    names = [c.id for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"duplicate case ids: {sorted(dupes)}")
    return names


def check(case: Case, tmp_path: Path) -> None:
    """Run one case and assert its expected outcome."""
    if case.error is not None:
        assert issubclass(case.error, NetmixError), (
            f"case {case.id}: the expected error must be a netmix error, not {case.error}")
        with pytest.raises(case.error) as info:
            case.run(tmp_path)
        message = str(info.value)
        for text in case.match:
            assert text.lower() in message.lower(), (
                f"case {case.id}: message lacks {text!r}: {message}")
        assert not re.search(r"np\.(float|int)64\(", message), (
            f"case {case.id}: message shows a numpy repr: {message}")
        if case.line is not None:
            assert getattr(info.value, "line", None) == case.line, (
                f"case {case.id}: line {getattr(info.value, 'line', None)} != {case.line}: "
                f"{message}")
            assert f"line {case.line}" in message, f"case {case.id}: no line in: {message}"
        if case.column is not None:
            assert getattr(info.value, "column", None) == case.column, (
                f"case {case.id}: column {getattr(info.value, 'column', None)} != "
                f"{case.column}: {message}")
        if case.path:
            path = getattr(info.value, "path", None)
            assert path, f"case {case.id}: the error has no path: {message}"
            assert Path(path).name in message, f"case {case.id}: no file name in: {message}"
        return
    if case.warns is not None:
        with pytest.warns(case.warns, match=case.warns_match or None):
            value = case.run(tmp_path)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = case.run(tmp_path)
    case.result(value)
