"""What every plotting module shares: the checked ``ax``, colormap names, and user text
drawn literally and short.

Group labels, node ids, attribute names and titles come from the user's data. matplotlib
would read ``$...$`` in them as mathtext (and fail on ``$\\frac{$``); every such text is
drawn with ``parse_math=False`` (:data:`LITERAL`), so it appears exactly as written. Labels
longer than :data:`LABEL_LIMIT` characters are shortened with an ellipsis (:func:`short`):
a long tick label or legend entry would otherwise take more room than the figure has, and
constrained layout would give up. The full labels stay in the data the plot was made from
(the matrix's index and columns, the result's table).
"""

from __future__ import annotations

from typing import Any

from .._validation import describe, type_error
from ..exceptions import InputError

__all__ = ["LABEL_LIMIT", "LITERAL", "check_axes", "check_cmap", "check_color", "literal",
           "new_axes", "room", "short", "shorts"]

#: Labels longer than this are shortened (to this many characters, the last an ellipsis).
LABEL_LIMIT = 30

#: Keyword arguments that make matplotlib draw a text as written (no mathtext).
LITERAL: dict[str, Any] = {"parse_math": False}


def new_axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """``ax`` (checked to be a matplotlib Axes), or the Axes of a new figure.

    The new figure uses constrained layout and is not registered with pyplot.
    """
    if ax is not None:
        return check_axes(ax)
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def check_axes(ax: Any, name: str = "ax") -> Any:
    """``ax`` if it is a matplotlib Axes, else an :class:`~netmix.InputTypeError` naming
    ``name``."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise type_error(name, "a matplotlib Axes (e.g. fig.add_subplot()) or None", ax)
    return ax


def check_cmap(name: str, value: Any) -> Any:
    """A matplotlib colormap name (or Colormap), with a netmix error for an unknown one."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(value, Colormap):
        return value
    if not isinstance(value, str) or value not in colormaps:
        raise InputError(f"{name} must be a matplotlib colormap name (e.g. 'Blues', 'viridis', "
                         f"'tab10') or a Colormap; got {describe(value)}.")
    return value


#: Control characters other than the newline: no font has a glyph for them (matplotlib warns
#: and draws a box); a tab becomes a space, the others U+FFFD.
_CONTROL = {c: " " if c == 9 else "\ufffd" for c in (*range(32), *range(127, 160)) if c != 10}

#: Width of one character of a 10-point label, in inches (DejaVu Sans: about 6 points).
_CHAR_INCHES = 0.085


def check_color(color: Any, name: str = "color") -> tuple[float, float, float, float]:
    """A matplotlib colour as RGBA, with a netmix error naming ``name`` for anything else."""
    from matplotlib.colors import to_rgba

    try:
        return to_rgba(color)
    except (TypeError, ValueError) as exc:
        what = "list matplotlib colours" if name == "palette" else "be a matplotlib colour"
        raise InputError(f"{name} must {what} ('red', '#1a1a1a', (0.2, 0.4, 0.6), 'C0'); got "
                         f"{describe(color)}.") from exc


def short(value: Any, limit: int = LABEL_LIMIT) -> str:
    """``str(value)``, cut to ``limit`` characters with an ellipsis when longer (tabs as
    spaces, other control characters but the newline as U+FFFD).

    Examples
    --------
    >>> short("a" * 40)
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'
    >>> short("$x$")
    '$x$'
    """
    text = str(value).translate(_CONTROL)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def room(labels: Any, factor: float = 1.0) -> float:
    """Inches the longest of ``labels`` takes at 10 points (times ``factor``: 0.75 for labels
    turned 45 degrees), to size a new figure so that its labels fit."""
    longest = max((max(len(line) for line in str(s).split("\n")) for s in labels), default=0)
    return factor * _CHAR_INCHES * longest


def shorts(values: Any, limit: int = LABEL_LIMIT) -> list[str]:
    """:func:`short` of every value (tick labels)."""
    return [short(v, limit) for v in values]


def literal(*texts: Any) -> None:
    """Make existing matplotlib ``Text`` objects draw as written (e.g. a legend's entries and
    title, which :meth:`~matplotlib.axes.Axes.legend` makes without taking text properties).
    """
    for text in texts:
        text.set_parse_math(False)
