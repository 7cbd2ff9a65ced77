"""``netmix analyze``'s time-stamped input: the records behind the network, for the report's
"Mixing over time" section, and the ``--window`` option."""

from __future__ import annotations

import argparse

__all__ = ["TIMED", "contacts_from_args", "window_freq"]


def _number_or_text(value: str):
    try:
        return float(value)
    except ValueError:
        return value


#: Data sets with time-stamped records (netmix.temporal.load_contacts names).
TIMED = ("workplace_2013", "highschool_2013", "primaryschool_2009")


def contacts_from_args(args: argparse.Namespace):
    """The time-stamped records behind the network, for the report's "Mixing over time"
    (None for input without times, or with ``--window none``)."""
    window = getattr(args, "window", None)
    if window == "none" or not (args.dataset or args.contacts):
        return None
    from .datasets.bundled import example_paths
    from .temporal import load_contacts, read_contacts_timeline

    opts = {"tz": args.tz} if args.tz else {}
    if args.na_values is not None:
        opts["na_values"] = args.na_values
    if args.dataset in TIMED:
        contacts = load_contacts(args.dataset, **opts)
    elif args.dataset == "example":
        paths = example_paths()
        contacts = read_contacts_timeline(paths["contacts"], paths["metadata"],
                                          metadata_columns=["department"], **opts)
    elif args.contacts:
        columns = args.metadata_columns.split(",") if args.metadata_columns else None
        contacts = read_contacts_timeline(args.contacts, args.metadata,
                                          metadata_columns=columns,
                                          resolution=args.resolution, **opts)
    else:  # the diary network has no times
        return None
    start, end = (_number_or_text(v) if v is not None else None for v in (args.start,
                                                                          args.end))
    if start is not None or end is not None:
        contacts = contacts.window(start, end)
    return contacts if len(contacts) else None


def window_freq(text: str) -> str:
    """``--window``: a pandas frequency such as 1D, 1h, 30min; none; auto (the default)."""
    import pandas as pd

    if text in ("none", "auto"):
        return text
    try:
        if pd.Timedelta(text) <= pd.Timedelta(0):
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a length of time such as 1D, 1h or 30min, none or auto; got {text!r}"
        ) from None
    return text
