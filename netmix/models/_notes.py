"""netmix's notes on statsmodels results: the results object itself, with a longer summary.

:func:`attach_notes` turns a statsmodels results wrapper into an instance of a subclass of
its own class (``isinstance`` checks, attributes and methods are unchanged) whose
``summary()`` and ``summary2()`` end with netmix's notes: what was clustered and on how many
clusters, which rows were dropped, which columns were standardised, and the caveat that
people linked in a network are not independent observations. The notes and a record of
the fit are also kept as ``results.netmix_notes`` (tuple of str) and ``results.netmix``
(dict). The subclasses are module-level names, so the results still pickle.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = ["NETWORK_CAVEAT", "attach_notes", "cluster_note"]

NETWORK_CAVEAT = (
    "People linked in a network are not independent observations (a tie enters the "
    "mixing measure of both its ends): model-based and even clustered standard errors "
    "may be too small. Compare with a permutation test "
    "(netmix.models.outcome_permutation_test) or cluster on communities."
)


def cluster_note(name: str, n_clusters: int) -> str:
    """The note saying what was clustered, with the few-clusters warning when it applies."""
    note = f"Standard errors clustered by {name} ({n_clusters} clusters)."
    if n_clusters < 30:
        note += (" With fewer than about 30 clusters, cluster-robust standard errors are "
                 "too small (Cameron & Miller 2015, doi:10.3368/jhr.50.2.317): read them "
                 "with care or use a permutation test.")
    return note


class _Noted:
    """Mixin for statsmodels results wrappers: summaries that end with netmix's notes."""

    def summary(self, *args: Any, **kwargs: Any) -> Any:
        """The statsmodels summary, with netmix's notes at the end."""
        return _with_notes(self, "summary", args, kwargs)

    def summary2(self, *args: Any, **kwargs: Any) -> Any:
        """The statsmodels ``summary2``, with netmix's notes at the end."""
        return _with_notes(self, "summary2", args, kwargs)


def _with_notes(wrapper: Any, method: str, args: tuple, kwargs: dict) -> Any:
    inner = object.__getattribute__(wrapper, "_results")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        # statsmodels computes pseudo R-squared etc. lazily; its numerical noise is not ours
        warnings.simplefilter("ignore", RuntimeWarning)
        summ = getattr(inner, method)(*args, **kwargs)
    notes = [f"[{k + 1}] {n}" for k, n in enumerate(wrapper.netmix_notes)]
    if notes:
        if hasattr(summ, "add_extra_txt"):
            summ.add_extra_txt(["netmix notes:", *notes])
        else:
            summ.add_text("netmix notes:\n" + "\n".join(notes))
    return summ


_CLASSES: dict[type, type] = {}


def _noted_class(cls: type) -> type:
    if issubclass(cls, _Noted):
        return cls
    if cls not in _CLASSES:
        name = f"Noted{cls.__name__}"
        sub = type(name, (_Noted, cls), {"__module__": __name__, "__qualname__": name})
        globals()[name] = sub  # so that pickle finds the class by name
        _CLASSES[cls] = sub
    return _CLASSES[cls]


def attach_notes(results: Any, notes: Iterable[str], info: Mapping[str, Any] | None = None
                 ) -> Any:
    """Add netmix's ``notes`` (and a record ``info``) to a statsmodels results wrapper.

    Returns the same object, whose class becomes a subclass of its own class with
    ``summary()`` ending in the notes. Notes already attached are kept (new ones after).
    """
    old = tuple(getattr(results, "netmix_notes", ()) if isinstance(results, _Noted) else ())
    results.__class__ = _noted_class(type(results))
    object.__setattr__(results, "netmix_notes", old + tuple(str(n) for n in notes))
    record = dict(getattr(results, "netmix", {}) if old else {})
    record.update(info or {})
    object.__setattr__(results, "netmix", record)
    return results


def __getattr__(name: str) -> type:
    """Rebuild a ``Noted<Wrapper>`` class on demand (statsmodels is imported lazily, so the
    classes do not exist until a fit made them; unpickling asks for them by name)."""
    if name.startswith("Noted"):
        for module in _WRAPPER_MODULES:
            cls = getattr(importlib.import_module(module), name[5:], None)
            if isinstance(cls, type):
                return _noted_class(cls)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_WRAPPER_MODULES = (
    "statsmodels.regression.linear_model",
    "statsmodels.genmod.generalized_linear_model",
    "statsmodels.miscmodels.ordinal_model",
    "statsmodels.regression.mixed_linear_model",
    "statsmodels.discrete.discrete_model",
)
