"""Exceptions and warnings raised by netmix.

Every error raised at netmix's public boundary is a :class:`NetmixError`. Errors about
user input are :class:`InputError` (also a :class:`ValueError`) or :class:`InputTypeError`
(also a :class:`TypeError`), so ``except ValueError`` keeps working in user code.
"""

from __future__ import annotations

__all__ = [
    "DegenerateMixingWarning",
    "InputError",
    "InputTypeError",
    "NetmixError",
    "NetmixWarning",
]


class NetmixError(Exception):
    """Base class of every error netmix raises on purpose."""


class InputError(NetmixError, ValueError):
    """Input that netmix cannot use: the message names the argument, what it got, and the fix.

    Attributes
    ----------
    path, line, column : optional
        Where in a file the problem is, when it comes from a file (1-based line and column).
    """

    def __init__(self, message: str, *, path=None, line=None, column=None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column


class InputTypeError(NetmixError, TypeError):
    """An argument of the wrong type."""


class NetmixWarning(UserWarning):
    """Base class of netmix's warnings."""


class DegenerateMixingWarning(NetmixWarning):
    """A statistic is undefined for this input (one group, no edges, ...) and is ``nan``."""
