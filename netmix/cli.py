"""The ``netmix`` command: ``netmix analyze`` writes an HTML report; ``netmix demo`` runs it
on the bundled simulated example.

Errors in the input are printed as one message saying what to fix (exit status 2), never as
a traceback. Progress goes to stderr, one line a step (``netmix: [3/7] ...``), and every
warning is one line, ``netmix: warning: ...`` (each message once), without source lines.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from ._cli_time import contacts_from_args, window_freq
from .exceptions import NetmixError
from .io import MISSING_TOKENS

__all__ = ["main"]

DATASETS = {
    "example": ("department", "duration"),
    "workplace_2013": ("department", "duration"),
    "highschool_2013": ("class", "duration"),
    "highschool_2013_diary": ("class", "duration_code"),
    "primaryschool_2009": ("class", "duration"),
}


def _load_dataset(name: str, options: dict):
    from . import datasets

    loaders = {
        "example": datasets.load_example,
        "workplace_2013": datasets.load_workplace_2013,
        "highschool_2013": lambda **o: datasets.load_highschool_2013("sensor", **o),
        "highschool_2013_diary": lambda **o: datasets.load_highschool_2013("diary", **o),
        "primaryschool_2009": datasets.load_primaryschool_2009,
    }
    return loaders[name](**options)


def _na_values(text: str) -> list[str]:
    """``--na-values``: comma-separated tokens (surrounding blanks removed)."""
    if "\n" in text or "\r" in text:
        raise argparse.ArgumentTypeError(
            f"must be tokens separated by commas, on one line; got {text!r}")
    return [t.strip(" \t") for t in text.split(",")]


def _with_na_values(reader, args: argparse.Namespace, options: dict) -> dict:
    """``options`` plus ``na_values`` when given and ``reader`` takes it."""
    import inspect

    if getattr(args, "na_values", None) is None:
        return options
    try:
        takes = "na_values" in inspect.signature(reader).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        takes = False
    return {**options, "na_values": args.na_values} if takes else options


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an --out that would overwrite what netmix did not write, before any work."""
    from .report import check_out_dir

    check_out_dir(args.out, overwrite=getattr(args, "overwrite", False), argument="--out")


def _window(args: argparse.Namespace) -> dict:
    opts = {}
    if args.start is not None:
        opts["start"] = _number_or_text(args.start)
    if args.end is not None:
        opts["end"] = _number_or_text(args.end)
    if args.tz:
        opts["tz"] = args.tz
    if args.min_duration is not None:
        opts["min_duration"] = args.min_duration
    return opts


def _number_or_text(value: str):
    try:
        return float(value)
    except ValueError:
        return value


def _graph_from_args(args: argparse.Namespace):
    from .io import read_edges, read_sociopatterns

    sources = [bool(args.dataset), bool(args.contacts), bool(args.edges)]
    if sum(sources) != 1:
        raise NetmixError("give exactly one input: a SocioPatterns contact file, --dataset NAME, "
                          "or --edges FILE (see netmix analyze --help).")
    groups, weight = args.groups, args.weight
    if args.dataset:
        default_groups, default_weight = DATASETS[args.dataset]
        opts = _window(args) if args.dataset != "highschool_2013_diary" else {}
        if args.na_values is not None:
            opts["na_values"] = args.na_values
        _check_out(args)
        _say(f"loading the data set {args.dataset}")
        graph = _load_dataset(args.dataset, opts)
        return graph, groups or default_groups, weight or default_weight
    if args.contacts:
        columns = args.metadata_columns.split(",") if args.metadata_columns else None
        opts = _window(args)
        opts["resolution"] = args.resolution
        _check_out(args)
        _say(f"reading {args.contacts}")
        graph = read_sociopatterns(args.contacts, args.metadata, metadata_columns=columns,
                                   **_with_na_values(read_sociopatterns, args, opts))
        if groups is None:
            groups = columns[0] if columns else ("class" if "class" in graph.node_attributes
                                                 else (graph.node_attributes or [None])[0])
        return graph, groups, weight or "duration"
    _check_out(args)
    _say(f"reading {args.edges}")
    graph = read_edges(args.edges, args.nodes, source=args.source, target=args.target,
                       node_id=args.node_id, weight=args.weight, directed=args.directed,
                       **_with_na_values(read_edges, args, {}))
    return graph, groups, weight


def _analyze_ego(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from .ego import read_ego_data
    from .report import build_ego_report

    if not args.alters or not args.groups:
        raise NetmixError("--egos needs --alters (the reported contacts) and --groups (the "
                          "ego column of the group, e.g. ethnicity).")
    _check_out(args)
    data = read_ego_data(
        args.egos, args.alters, group=args.groups, alter_group=args.alter_group,
        ego_id=args.ego_id, area=args.area, areas=args.areas, area_id=args.area_id,
        area_group=args.area_group, area_count=args.area_count,
        area_units=args.area_units, survey_weight=args.survey_weight,
        **_with_na_values(read_ego_data, args, {}))
    seed = _seed(args)
    _say(f"{data.n_egos} respondents, {data.n_alters} contacts; building the report")
    report = build_ego_report(data, area=args.area if args.areas else None,
                              weight=args.weight, title=args.title,
                              command="netmix " + " ".join(argv), seed=seed,
                              n_resamples=args.resamples)
    paths = report.save(args.out, overwrite=args.overwrite)
    _written(paths, args, seed)
    return 0


def _seed(args: argparse.Namespace) -> int:
    """``--seed``, or a fresh one (the library's default, ``seed=None``) to print."""
    from ._validation import fresh_seed

    return fresh_seed(args.seed)


def _say(text: str) -> None:
    """One progress line on stderr."""
    print(f"netmix: {text}", file=sys.stderr, flush=True)


class _StepLines:
    """The report's progress as one line a step on stderr, with the time each took."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()

    def __call__(self, step: int, total: int, text: str) -> None:
        now = time.perf_counter()
        if text == "done":
            _say(f"report built in {now - self.started:.0f} s")
            return
        _say(f"[{step}/{total}] {text}")
        self.last = now


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """``warnings.showwarning`` of the command: ``netmix: warning: <message>`` on one line,
    without the source line, each message once."""
    text = " ".join(str(message).split())
    if text in _SHOWN:
        return
    _SHOWN.add(text)
    kind = "" if category.__module__.startswith("netmix") else f" ({category.__name__})"
    print(f"netmix: warning{kind}: {text}", file=sys.stderr, flush=True)


_SHOWN: set[str] = set()


def _written(paths: dict[str, Path], args: argparse.Namespace, seed: int) -> None:
    print(f"netmix: report written to {paths['report'].resolve()}")
    print(f"netmix: {len(paths) - 1} CSV tables in {Path(args.out).resolve()}")
    print(f"netmix: seed {seed}" + ("" if args.seed is not None else
                                    f" (drawn; --seed {seed} repeats this run)"))


def _analyze(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from .report import analyze

    if getattr(args, "egos", None):
        if args.dataset or args.contacts or args.edges:
            raise NetmixError("give exactly one input: --egos (with --alters) for survey "
                              "data, or a network (contact file, --dataset or --edges).")
        return _analyze_ego(args, argv)

    graph, groups, weight = _graph_from_args(args)
    if groups is None:
        raise NetmixError("--groups must name the node attribute to analyse; the graph has: "
                          + (", ".join(graph.node_attributes) or "no attributes") + ".")
    seed = _seed(args)
    contacts = contacts_from_args(args)
    _say(f"{graph.n_nodes} people, {graph.n_edges} ties; groups {groups!r}, weight "
         f"{weight!r}; {args.resamples} resamples, seed {seed}"
         + (f"; {len(contacts):,} time-stamped records" if contacts is not None else ""))
    paths = analyze(graph, groups, args.out, weight=weight, title=args.title,
                    command="netmix " + " ".join(argv), seed=seed,
                    n_resamples=args.resamples, outcome=args.outcome,
                    overwrite=args.overwrite, progress=_StepLines(), contacts=contacts,
                    window=None if getattr(args, "window", None) in (None, "auto")
                    else args.window)
    _written(paths, args, seed)
    return 0


def _demo(args: argparse.Namespace, argv: Sequence[str]) -> int:
    ns = argparse.Namespace(
        dataset="example", contacts=None, edges=None, groups=None, weight=None,
        out=args.out, title="netmix demo: a simulated workplace of 150 people in 6 departments",
        start=None, end=None, tz=None, min_duration=None, egos=None, outcome=None,
        na_values=None, overwrite=args.overwrite, seed=args.seed,
        resamples=args.resamples, window="auto", resolution=20)
    return _analyze(ns, argv)


def _resamples(text: str) -> int:
    """``--resamples``: a whole number of at least 39, checked before any work (a 95 %
    percentile bootstrap interval needs 39 resamples; see check_resamples_for_level)."""
    try:
        n = int(text)
    except ValueError:
        n = None
    if n is None or n < 39:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of at least 39 (a 95 % bootstrap interval needs 39 "
            f"resamples; 999 is the default); got {text!r}")
    return n


def _inference_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=None,
                   help="seed of every random procedure (default: a fresh one, printed and "
                        "recorded in the report so that the run can be repeated)")
    p.add_argument("--resamples", type=_resamples, default=999,
                   help="permutations and bootstrap samples per test, at least 39 "
                        "(default 999)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netmix", description="Measure social mixing in contact networks.")
    parser.add_argument("--version", action="version", version=f"netmix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="write an HTML report (and CSV tables) for a network",
                       description="Read contact data and write an HTML report with the "
                                   "mixing matrix and indices, plus CSV tables.")
    a.add_argument("contacts", nargs="?", help="SocioPatterns contact file (t i j [Ci Cj])")
    a.add_argument("--metadata", help="SocioPatterns metadata file (i attr ...)")
    a.add_argument("--metadata-columns", help="names of the metadata columns, comma-separated "
                                              "(e.g. class,gender)")
    a.add_argument("--na-values", type=_na_values, default=None, metavar="TOKENS",
                   help="cells meaning 'unknown' in the node, metadata and survey tables, "
                        "comma-separated; they replace the default, netmix.io.MISSING_TOKENS: "
                        + ",".join(MISSING_TOKENS) + " (the empty cell first). "
                        "--na-values '' makes only the empty cell missing")
    a.add_argument("--dataset", choices=sorted(DATASETS),
                   help="a named data set instead of files")
    a.add_argument("--edges", help="generic edge table (CSV or Parquet)")
    a.add_argument("--nodes", help="generic node table (CSV or Parquet) for --edges")
    a.add_argument("--source", default="source", help="edge table source column")
    a.add_argument("--target", default="target", help="edge table target column")
    a.add_argument("--node-id", default="id", help="node table id column")
    a.add_argument("--directed", action="store_true", help="edges of --edges are arcs")
    a.add_argument("--groups", help="node attribute to analyse (default: the data's first); "
                                    "with --egos: the ego column of the group")
    e = a.add_argument_group("survey (ego-centric) input")
    e.add_argument("--egos", help="ego table (CSV or Parquet): one row a respondent")
    e.add_argument("--alters", help="alter table: one row a reported contact")
    e.add_argument("--ego-id", default="ego", help="ego id column (in both tables)")
    e.add_argument("--alter-group", help="alter table column of the contact's group "
                                         "(default: the --groups name)")
    e.add_argument("--area", help="ego column naming the respondent's area")
    e.add_argument("--areas", help="area table: population by group (wide: one column a "
                                   "group; or long with --area-group and --area-count)")
    e.add_argument("--area-id", help="area table column of the area id")
    e.add_argument("--area-group", help="long area table: column of the group")
    e.add_argument("--area-count", help="long area table: column of the count or share")
    e.add_argument("--area-units", default="counts", choices=["counts", "shares"])
    e.add_argument("--survey-weight", help="ego column of survey weights")
    a.add_argument("--weight", help="edge attribute for weighted statistics "
                                    "(default: duration for contact data)")
    a.add_argument("--resolution", type=float, default=20, help="seconds per contact record")
    a.add_argument("--start", help="keep records from this time (number or date-time)")
    a.add_argument("--end", help="keep records before this time (number or date-time)")
    a.add_argument("--tz", help="time zone of naive date-times (default UTC)")
    a.add_argument("--min-duration", type=float, help="drop edges shorter than this (s)")
    a.add_argument("--window", type=window_freq, default="auto",
                   help="windows of the 'Mixing over time' section for time-stamped input: "
                        "a length such as 1D, 1h, 30min; none leaves the section out "
                        "(default: days when the records span more than a day, else hours)")
    a.add_argument("--out", default="netmix-report", help="output folder (default netmix-report)")
    a.add_argument("--overwrite", action="store_true",
                   help="write into --out even when it holds files netmix did not write "
                        "(files of the same names are replaced)")
    a.add_argument("--title", help="report title")
    a.add_argument("--outcome", help="node attribute of an outcome (e.g. trust): adds "
                                     "regressions of it on each person's mixing")
    _inference_args(a)
    a.set_defaults(func=_analyze)

    d = sub.add_parser("demo", help="run `analyze` on the bundled simulated example")
    d.add_argument("--out", default="netmix-report", help="output folder")
    d.add_argument("--overwrite", action="store_true",
                   help="write into --out even when it holds files netmix did not write")
    _inference_args(d)
    d.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``netmix`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _one_line_warning  # restored on leaving the block
            _SHOWN.clear()
            return args.func(args, argv)
    except NetmixError as exc:
        print(f"netmix: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file that cannot be read or written: say which, no traceback
        print(f"netmix: error: {exc}. Check the path and its permissions.", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
