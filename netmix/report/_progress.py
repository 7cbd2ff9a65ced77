"""Progress over the steps of a report: a tqdm bar (a widget in notebooks, through
``tqdm.auto``), or one call of the user's function a step (``netmix analyze`` prints one line
a step)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .._validation import describe
from ..exceptions import InputError

__all__ = ["Steps", "check_progress"]


def check_progress(progress: Any) -> Any:
    """``progress`` if it is None, True, False or a callable, else an
    :class:`~netmix.InputError`."""
    if progress is None or isinstance(progress, bool) or callable(progress):
        return progress
    raise InputError("progress must be None (a bar when the report takes more than 2 s), "
                     "True, False or a function f(step, total, text); got "
                     f"{describe(progress)}.")


class Steps:
    """Counts the steps of a report and shows them.

    ``progress``: None, a tqdm bar shown once the report has taken 2 s (at once in a
    notebook); True, at once; False, nothing; a function, called as
    ``f(step, total, text)`` at the start of each step (1-based) and
    ``f(total, total, "done")`` at the end.
    """

    def __init__(self, total: int, progress: Any, desc: str = "netmix report") -> None:
        self.total, self.done, self.started = total, 0, time.perf_counter()
        self._call: Callable[..., Any] | None = None
        self._bar = None
        progress = check_progress(progress)
        if callable(progress) and not isinstance(progress, bool):
            self._call = progress
        elif progress is not False:
            from tqdm.auto import tqdm

            notebook = tqdm.__module__.startswith("tqdm.notebook")
            self._bar = tqdm(total=total, desc=desc, unit="step",
                             delay=0 if (progress or notebook) else 2.0, leave=bool(progress))

    def start(self, text: str) -> None:
        """A step begins (``text`` says what it does)."""
        self.done += 1
        if self._call is not None:
            self._call(self.done, self.total, text)
        elif self._bar is not None:
            self._bar.set_postfix_str(text, refresh=False)
            if self.done > 1:
                self._bar.update(1)

    def close(self) -> None:
        """All steps done."""
        if self._call is not None:
            self._call(self.total, self.total, "done")
        elif self._bar is not None:
            self._bar.update(self._bar.total - self._bar.n)
            self._bar.close()
