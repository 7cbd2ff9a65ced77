"""Bad and hostile input to ``netmix analyze`` and its report (issue 14, items 2, 7, 8).

Each case runs the command line as a user would (:func:`cli`); a refusal (exit status 2,
or an argparse usage error) becomes the netmix error it printed, so that the corpus checks
its message. Cases that must succeed check the exact files and text written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from _corpus import Case, check, ids, write

import netmix
from netmix import NetmixError
from netmix.cli import main
from netmix.datasets import _fetch

EDGES = "source,target,w\na,b,1\nb,c,2\nc,a,3\nd,e,4\ne,f,1\nf,d,2\na,d,1\nb,e,5\n"
NODES = "id,team\na,x\nb,x\nc,y\nd,y\ne,x\nf,y\n"


def cli(*args: str) -> str:
    """Run ``netmix`` with ``args``; return its standard output, or raise the netmix error
    it reported (exit status 2) with the message it printed."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code
    if code != 0:
        text = err.getvalue()
        assert "Traceback" not in text, text
        raise NetmixError(text.strip())
    return out.getvalue()


def tables(d: Path, edges: str = EDGES, nodes: str = NODES) -> list[str]:
    """Write the edge and node tables; return the arguments that read them."""
    return ["--edges", str(write(d, "e.csv", edges)), "--nodes", str(write(d, "n.csv", nodes)),
            "--resamples", "39", "--seed", "1"]


def frame_tables(d: Path, edges: pd.DataFrame, nodes: pd.DataFrame) -> list[str]:
    edges.to_csv(d / "e.csv", index=False)
    nodes.to_csv(d / "n.csv", index=False)
    return ["--edges", str(d / "e.csv"), "--nodes", str(d / "n.csv"), "--resamples", "39",
            "--seed", "1"]


def renamed(d: Path, column: str, *, weight: str | None = None, outcome: str | None = None,
            labels: list[str] | None = None, ids_prefix: str = "") -> list[str]:
    """The small graph with the group column (and optionally the weight, an outcome, the
    labels and node ids) renamed to hostile text."""
    e = pd.read_csv(io.StringIO(EDGES), dtype=str)
    n = pd.read_csv(io.StringIO(NODES), dtype=str)
    e["source"], e["target"] = ids_prefix + e["source"], ids_prefix + e["target"]
    n["id"] = ids_prefix + n["id"]
    if labels:
        n["team"] = n["team"].map({"x": labels[0], "y": labels[1]})
    n = n.rename(columns={"team": column})
    if weight:
        e = e.rename(columns={"w": weight})
    if outcome:
        n[outcome] = [3.0, 4.5, 2.0, 5.0, 3.5, 1.0]
    return frame_tables(d, e, n)


def page(out: str) -> Path:
    return Path(out.split("report written to ", 1)[1].splitlines()[0])


def html_of(d: Path, args: list[str]) -> str:
    return page(cli("analyze", *args, "--out", str(d / "out"))).read_text(encoding="utf-8")


def escaped(raw: str):
    """Assert that ``raw`` is in the page only escaped."""
    import html

    def test(text: str) -> None:
        assert raw not in text, f"raw in the page: {raw!r}"
        assert html.escape(raw, quote=False) in text, f"missing as text: {raw!r}"
    return test


XSS = "<img src=x onerror=alert(7)>"
SCRIPT = '"><script>alert(1)</script>'


def _hostile_groups(d):
    text = html_of(d, ["--groups", XSS, *renamed(d, XSS)])
    escaped(XSS)(text)
    return text


def _hostile_labels(d):
    text = html_of(d, ["--groups", "team", *renamed(d, "team", labels=[SCRIPT, XSS])])
    escaped(SCRIPT)(text)
    escaped(XSS)(text)
    return text


def _hostile_weight(d):
    text = html_of(d, ["--groups", "team", "--weight", XSS, *renamed(d, "team", weight=XSS)])
    assert "total &lt;img src=x onerror=alert(7)&gt; (table)</summary>" in text
    escaped(XSS)(text)
    return text


def _hostile_title(d):
    title = "</title><script>alert(2)</script>"
    text = html_of(d, ["--groups", "team", "--title", title, *tables(d)])
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>" in text
    return text


def _hostile_ids(d):
    text = html_of(d, ["--groups", "team", *renamed(d, "team", ids_prefix="<svg onload=1>")])
    escaped("<svg onload=1>a")(text)
    return text


def _outcome_case(name: str):
    def run(d):
        flag = d / "pwned"
        column = name.replace("{flag}", str(flag))
        out = cli("analyze", "--groups", "team", "--outcome", column, "--out", str(d / "out"),
                  *renamed(d, "team", outcome=column))
        return flag, page(out), column
    return run


def _outcome_result(value):
    flag, report, column = value
    assert not flag.exists(), "a column name ran as code"
    text = report.read_text(encoding="utf-8")
    import html

    assert f"Mixing and {html.escape(column, quote=True)}</h2>" in text
    models = pd.read_csv(report.parent / "outcome_models.csv")
    assert models["measure"].tolist() == ["cross_share", "blau", "constraint",
                                          "brokerage_cross"]


def _out_file(d):
    target = write(d, "report.html", "my page")
    return cli("analyze", "--groups", "team", "--out", str(target), *tables(d))


def _out_symlink_to_file(d):
    target = write(d, "thesis.pdf", "mine")
    (d / "link").symlink_to(target)
    return cli("analyze", "--groups", "team", "--out", str(d / "link"), *tables(d))


def _out_foreign(name):
    def run(d):
        out = d / "out"
        out.mkdir()
        write(out, name, "mine")
        return cli("analyze", "--groups", "team", "--out", str(out), *tables(d))
    return run


def _out_overwrite_keeps_foreign(d):
    out = d / "out"
    out.mkdir()
    write(out, "thesis.tex", "mine")
    write(out, "summary.csv", "old")
    cli("analyze", "--groups", "team", "--out", str(out), "--overwrite", *tables(d))
    return out


def _out_tampered_marker(d):
    """A record listing paths outside the folder: nothing outside is touched."""
    out = d / "out"
    out.mkdir()
    outside = write(d, "precious.txt", "keep me")
    (out / netmix.report.MARKER).write_text(json.dumps({"files": ["../precious.txt",
                                                                  "/etc/hosts"]}))
    cli("analyze", "--groups", "team", "--out", str(out), *tables(d))
    return outside


def _out_garbage_marker(d):
    out = d / "out"
    out.mkdir()
    (out / netmix.report.MARKER).write_text("{not json")
    write(out, "data.csv", "mine")
    return cli("analyze", "--groups", "team", "--out", str(out), *tables(d))


def _file_names(weight: str, expected: str):
    def run(d):
        cli("analyze", "--groups", "team", "--weight", weight, "--out", str(d / "out"),
            *renamed(d, "team", weight=weight))
        return d
    def result(d):
        names = sorted(p.name for p in (d / "out").iterdir() if p.name.startswith("mixing"))
        assert names == ["mixing_matrix.csv", expected], names
        assert sorted(p.name for p in d.iterdir()) == ["e.csv", "n.csv", "out"]  # no escape
    return run, result


def _with_env(d, **env):
    import os

    old = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    return old


def _restore_env(old):
    import os

    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _with_date_epoch(value: str):
    """Run the report with ``SOURCE_DATE_EPOCH=value`` (the page's creation stamp)."""
    def run(d):
        old = _with_env(d, SOURCE_DATE_EPOCH=value)
        try:
            text = html_of(d, ["--groups", "team", *tables(d)])
        finally:
            _restore_env(old)
        return text
    return run


def _stamped(expected: str):
    def test(text: str) -> None:
        assert f"<tr><th>created</th><td>{expected}</td></tr>" in text, expected
    return test


def _analyze_workplace_from(d, *, under: str):
    """Run the CLI on the workplace data set with a tampered copy of its contact file in
    ``d / under`` (the data folder or the cache); the other folder exists but is empty."""
    folder = d / under / "sociopatterns" / "workplace_2013"
    folder.mkdir(parents=True)
    write(folder, "tij_InVS.dat", "20 1 2\n")
    if under == "data":
        write(folder, "metadata_InVS13.txt", "1\tDISQ\n2\tDMCT\n")
    (d / "data").mkdir(exist_ok=True)
    old = _with_env(d, NETMIX_DATA_DIR=d / "data", NETMIX_CACHE_DIR=d / "cache")
    _fetch._VERIFIED.clear()
    try:
        return cli("analyze", "--dataset", "workplace_2013", "--out", str(d / "out"))
    finally:
        _restore_env(old)


def _tampered_data_dir(d):
    return _analyze_workplace_from(d, under="data")


def _tampered_cache(d):
    return _analyze_workplace_from(d, under="cache")


def _http_registry(d):
    url, comp, digest = _fetch.REGISTRY["workplace_2013"]["tij_InVS.dat"]
    saved = _fetch.REGISTRY["workplace_2013"]["tij_InVS.dat"]
    _fetch.REGISTRY["workplace_2013"]["tij_InVS.dat"] = (url.replace("https:", "http:"), comp,
                                                         digest)
    (d / "data").mkdir()
    old = _with_env(d, NETMIX_DATA_DIR=d / "data", NETMIX_CACHE_DIR=d / "cache")
    try:
        return cli("analyze", "--dataset", "workplace_2013", "--out", str(d / "out"))
    finally:
        _fetch.REGISTRY["workplace_2013"]["tij_InVS.dat"] = saved
        _restore_env(old)


SLASH_RUN, SLASH_RESULT = _file_names("a/b", "mixing_matrix_a_b.csv")
DOTS_RUN, DOTS_RESULT = _file_names("../../evil", "mixing_matrix__evil.csv")
ABS_RUN, ABS_RESULT = _file_names("/tmp/x", "mixing_matrix__tmp_x.csv")
WIN_RUN, WIN_RESULT = _file_names("..\\..\\win", "mixing_matrix__win.csv")
CTRL_RUN, CTRL_RESULT = _file_names("tab\there", "mixing_matrix_tab_here.csv")

CASES = [
    # --out: never overwrites what netmix did not write; checked before any work
    Case("out-is-a-file", _out_file, error=NetmixError,
         match=("--out must be a folder", "existing file", "report.html")),
    Case("out-symlink-to-a-file", _out_symlink_to_file, error=NetmixError,
         match=("--out must be a folder", "existing file")),
    Case("out-foreign-file", _out_foreign("thesis.tex"), error=NetmixError,
         match=("did not write", "thesis.tex", "--overwrite")),
    Case("out-foreign-hidden-file", _out_foreign(".DS_Store"), error=NetmixError,
         match=("did not write", ".DS_Store")),
    Case("out-foreign-file-named-like-a-table", _out_foreign("summary.csv"), error=NetmixError,
         match=("did not write", "summary.csv")),
    Case("out-garbage-record", _out_garbage_marker, error=NetmixError,
         match=("did not write", "data.csv")),
    Case("out-overwrite-leaves-other-files", _out_overwrite_keeps_foreign, error=None,
         result=lambda out: (
             (out / "thesis.tex").read_text() == "mine"
             and (out / "summary.csv").read_text() != "old") or pytest.fail("not kept")),
    Case("out-record-naming-outside-files", _out_tampered_marker, error=None,
         result=lambda p: p.read_text() == "keep me" or pytest.fail("outside file touched")),
    # file names are never a path from user text
    Case("weight-with-slash", SLASH_RUN, error=None, result=SLASH_RESULT),
    Case("weight-with-dotdot", DOTS_RUN, error=None, result=DOTS_RESULT),
    Case("weight-absolute-path", ABS_RUN, error=None, result=ABS_RESULT),
    Case("weight-backslashes", WIN_RUN, error=None, result=WIN_RESULT),
    Case("weight-control-character", CTRL_RUN, error=None, result=CTRL_RESULT),
    # hostile HTML in every name and label: escaped, exactly
    Case("html-groups-name", _hostile_groups, error=None, result=lambda t: None),
    Case("html-group-labels", _hostile_labels, error=None, result=lambda t: None),
    Case("html-weight-name", _hostile_weight, error=None, result=lambda t: None),
    Case("html-title", _hostile_title, error=None, result=lambda t: None),
    Case("html-node-ids", _hostile_ids, error=None, result=lambda t: None),
    Case("mathtext-group-labels",
         lambda d: html_of(d, ["--groups", "team",
                               *renamed(d, "team", labels=["$\\frac{$", "$x^$"])]),
         error=None, result=lambda t: t.count("data:image/png;base64,") >= 3
         or pytest.fail("a figure is missing")),
    # names never reach an evaluator (patsy)
    Case("formula-import-os", _outcome_case("__import__('os').system('touch {flag}')"),
         error=None, result=_outcome_result),
    Case("formula-open-file", _outcome_case("a + I(open('{flag}', 'w'))"), error=None,
         result=_outcome_result),
    Case("formula-tilde", _outcome_case("y ~ 1 + I(open('{flag}', 'w'))"), error=None,
         result=_outcome_result),
    Case("formula-html-and-math", _outcome_case("<b>$\\frac{$</b> {flag}"), error=None,
         result=_outcome_result),
    # groups with no value at all, however they became missing
    Case("groups-all-empty", lambda d: cli(
        "analyze", "--groups", "team", "--out", str(d / "o"),
        *tables(d, nodes="id,team\na,\nb,\nc,\nd,\ne,\nf,\n")), error=NetmixError,
        match=("missing for all 6 people", "--groups")),
    Case("groups-all-na-tokens", lambda d: cli(
        "analyze", "--groups", "team", "--out", str(d / "o"),
        *tables(d, nodes="id,team\na,NA\nb,Unknown\nc,N/A\nd,nan\ne,NaN\nf,Unkn\n")),
        error=NetmixError, match=("missing for all 6 people",)),
    Case("groups-all-custom-na", lambda d: cli(
        "analyze", "--groups", "team", "--na-values", "?", "--out", str(d / "o"),
        *tables(d, nodes="id,team\na,?\nb,?\nc,?\nd,?\ne,?\nf,?\n")), error=NetmixError,
        match=("missing for all 6 people", "--na-values")),
    Case("groups-unknown-column", lambda d: cli(
        "analyze", "--groups", "tema", "--out", str(d / "o"), *tables(d)), error=NetmixError,
        match=("tema", "team")),
    # --na-values: the library's argument, its default, its check
    Case("na-values-multiline", lambda d: cli(
        "analyze", "--groups", "team", "--na-values", "NA\nx", "--out", str(d / "o"),
        *tables(d)), error=NetmixError, match=("--na-values", "one line")),
    Case("na-values-replace-the-default", lambda d: cli(
        "analyze", "--groups", "team", "--na-values", "NA", "--out", str(d / "o"),
        *tables(d, nodes="id,team\na,x\nb,x\nc,Unknown\nd,y\ne,x\nf,y\n")) and d,
        error=None, result=lambda d: pd.read_csv(d / "o" / "group_sizes.csv", index_col=0)
        .loc["Unknown", "nodes"] == 1 or pytest.fail("Unknown should be a group here")),
    # windows and other arguments
    Case("window-reversed", lambda d: cli(
        "analyze", "--dataset", "example", "--start", "5000", "--end", "100", "--out",
        str(d / "o")), error=NetmixError, match=("start must be before end", "5000")),
    Case("window-not-a-time", lambda d: cli(
        "analyze", "--dataset", "example", "--start", "yesterday", "--out", str(d / "o")),
        error=NetmixError, match=("start must be", "yesterday")),
    Case("window-keeps-nothing", lambda d: cli(
        "analyze", "--dataset", "example", "--start", "1e12", "--out", str(d / "o")),
        error=NetmixError, match=("no tie", "--start")),
    Case("min-duration-negative", lambda d: cli(
        "analyze", "--dataset", "example", "--min-duration", "-1", "--out", str(d / "o")),
        error=NetmixError, match=("min_duration", "-1")),
    Case("unknown-dataset", lambda d: cli(
        "analyze", "--dataset", "workplace_2031", "--out", str(d / "o")), error=NetmixError,
        match=("--dataset", "invalid choice", "workplace_2031")),
    Case("two-inputs", lambda d: cli(
        "analyze", "--dataset", "example", *tables(d), "--out", str(d / "o")),
        error=NetmixError, match=("exactly one input",)),
    Case("edges-file-missing", lambda d: cli(
        "analyze", "--edges", str(d / "nope.csv"), "--groups", "team", "--out", str(d / "o")),
        error=NetmixError, match=("nope.csv",)),
    Case("egos-out-checked-before-reading", lambda d: cli(
        "analyze", "--egos", str(d / "missing-egos.csv"), "--alters", str(d / "alters.csv"),
        "--groups", "g", "--out", str(write(d, "taken", "x"))), error=NetmixError,
        match=("--out must be a folder",)),
    # downloads and local copies
    Case("download-over-http", _http_registry, error=NetmixError,
         match=("https://", "http://www.sociopatterns.org")),
    Case("tampered-data-dir-file", _tampered_data_dir, error=NetmixError,
         match=("tij_InVS.dat", "sha-256", _fetch.REGISTRY["workplace_2013"]["tij_InVS.dat"][2],
                hashlib.sha256(b"20 1 2\n").hexdigest(), "replace it")),
    Case("tampered-cached-file", _tampered_cache, error=NetmixError,
         match=("tij_InVS.dat", hashlib.sha256(b"20 1 2\n").hexdigest(), "delete it")),
    # the creation stamp: SOURCE_DATE_EPOCH, whole seconds since 1970, else refused
    Case("date-epoch-fixed", _with_date_epoch("1386201600"), error=None,
         result=_stamped("2013-12-05 00:00 UTC")),
    *[Case(f"date-epoch-{name}", _with_date_epoch(v), error=NetmixError,
           match=("SOURCE_DATE_EPOCH", "integer number of seconds", repr(v)))
      for name, v in [("text", "today"), ("fraction", "1386201600.5"),
                      ("too-large", "9" * 20), ("iso-date", "2013-12-05")]],
    # resample counts, refused before any work with the option's own name
    *[Case(f"resamples-{name}", lambda d, v=v: cli(
        "analyze", "--groups", "team", "--out", str(d / "o"), *tables(d), "--resamples", v),
        error=NetmixError, match=("--resamples", "at least 39", repr(v)))
      for name, v in [("too-few", "19"), ("zero", "0"), ("negative", "-5"),
                      ("fraction", "99.5"), ("text", "many")]],
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
