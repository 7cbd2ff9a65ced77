"""The netmix command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import netmix
from netmix.cli import main


def test_demo_writes_report(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--resamples", "39"]) == 0
    out = capsys.readouterr().out
    assert "report written to" in out
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "mixing_matrix.csv").exists()


def test_analyze_contact_files(tmp_path, capsys):
    paths = netmix.datasets.example_paths()
    code = main(["analyze", str(paths["contacts"]), "--metadata", str(paths["metadata"]),
                 "--metadata-columns", "department", "--out", str(tmp_path), "--resamples", "39"])
    assert code == 0
    assert (tmp_path / "mixing_matrix_duration.csv").exists()


def test_analyze_dataset_with_window(tmp_path, data_dir):
    code = main(["analyze", "--dataset", "highschool_2013", "--start", "2013-12-05",
                 "--end", "2013-12-06", "--tz", "Europe/Paris", "--out", str(tmp_path),
                 "--resamples", "39"])
    assert code == 0
    summary = (tmp_path / "summary.csv").read_text()
    assert "nodes,295" in summary  # Mastrandrea et al. (2015): 295 students on 5 Dec 2013


def test_analyze_directed_dataset(tmp_path, data_dir, capsys):
    """A directed network (the 2013 high-school contact diaries) gets a report; the index
    defined for undirected data only is left out with a note (it once stopped the command)."""
    code = main(["analyze", "--dataset", "highschool_2013_diary", "--out", str(tmp_path),
                 "--resamples", "39", "--seed", "1"])
    assert code == 0
    indices = pd.read_csv(tmp_path / "indices.csv")
    assert "spectral_segregation" not in set(indices["index"])
    assert "nominal_assortativity" in set(indices["index"])
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Left out: the spectral segregation index" in page
    # the class of one respondent (MP*1 in the diaries' metadata) is flagged
    assert "Small groups" in page


def test_analyze_edge_tables(tmp_path, capsys):
    (tmp_path / "e.csv").write_text("from,to,minutes\na,b,5\nb,c,10\na,c,1\n")
    (tmp_path / "n.csv").write_text("person,team\na,x\nb,x\nc,y\n")
    code = main(["analyze", "--edges", str(tmp_path / "e.csv"), "--nodes",
                 str(tmp_path / "n.csv"), "--source", "from", "--target", "to",
                 "--node-id", "person", "--groups", "team", "--weight", "minutes",
                 "--out", str(tmp_path / "out"), "--resamples", "39"])
    assert code == 0
    # 3 people: several indices are undefined; the command says so, one line a warning,
    # each once, without Python's source lines
    err = capsys.readouterr().err.splitlines()
    warned = [line for line in err if line.startswith("netmix: warning")]
    assert warned and len(warned) == len(set(warned))
    assert all(line.startswith("netmix: ") for line in err), err
    assert not any("warnings.warn" in line or ".py:" in line for line in err)


def test_progress_one_line_a_step(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--resamples", "39", "--seed", "2"]) == 0
    err = capsys.readouterr().err.splitlines()
    steps = [line for line in err if line.startswith("netmix: [")]
    # one step a section of the report, plus "Mixing over time" (the example has times)
    n = len(netmix.report.SECTIONS) + 1
    assert [s.split("]")[0] for s in steps] == [f"netmix: [{i}/{n}" for i in range(1, n + 1)]
    assert any(line.startswith("netmix: report built in") for line in err)


@pytest.mark.parametrize("content, fragment", [
    ("20 1 2\n40 1\n", "line 2"),
    ("", "is empty"),
    ("20 1 x\n", "column 3"),
])
def test_analyze_bad_file_is_one_message(tmp_path, capsys, content, fragment):
    bad = tmp_path / "bad.dat"
    bad.write_text(content)
    assert main(["analyze", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]  # after the progress lines: the one error line
    assert last.startswith("netmix: error:") and fragment in last
    assert "Traceback" not in err


def test_analyze_needs_exactly_one_input(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path)]) == 2
    assert "exactly one input" in capsys.readouterr().err


def test_unknown_group_attribute(tmp_path, capsys):
    paths = netmix.datasets.example_paths()
    code = main(["analyze", str(paths["contacts"]), "--metadata", str(paths["metadata"]),
                 "--metadata-columns", "department", "--groups", "dept",
                 "--out", str(tmp_path)])
    assert code == 2
    assert "'department'" in capsys.readouterr().err


def test_console_script_runs():
    exe = Path(sys.executable).parent / "netmix"
    found = str(exe) if exe.exists() else shutil.which("netmix")
    assert found, "the netmix console script is not installed beside the interpreter"
    done = subprocess.run([found, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"netmix {netmix.__version__}"


def test_analyze_survey_with_area_table(tmp_path, capsys):
    from netmix.datasets.survey import simulate_diary_survey

    sim = simulate_diary_survey(300, seed=4)
    sim.egos.to_csv(tmp_path / "egos.csv", index=False)
    sim.alters.to_csv(tmp_path / "alters.csv", index=False)
    sim.areas.to_csv(tmp_path / "areas.csv")  # wide: area, then one column a group
    code = main(["analyze", "--egos", str(tmp_path / "egos.csv"), "--alters",
                 str(tmp_path / "alters.csv"), "--groups", "group", "--alter-group",
                 "alter_group", "--area", "area", "--areas", str(tmp_path / "areas.csv"),
                 "--area-id", "area", "--survey-weight", "weight", "--out",
                 str(tmp_path / "out"), "--resamples", "39"])
    assert code == 0
    html_text = (tmp_path / "out" / "report.html").read_text()
    assert "actual versus expected" in html_text
    ratios = (tmp_path / "out" / "ego_integration_by_group.csv").read_text()
    assert "ratio" in ratios


def test_analyze_survey_needs_alters(tmp_path, capsys):
    (tmp_path / "egos.csv").write_text("ego,group\n1,A\n")
    assert main(["analyze", "--egos", str(tmp_path / "egos.csv"), "--groups", "group",
                 "--out", str(tmp_path)]) == 2
    assert "--alters" in capsys.readouterr().err


# --------------------------------------------------------------------- issue 14 (CLI edges)
def test_na_values_default_is_the_library_set():
    from netmix.cli import build_parser
    from netmix.io import MISSING_TOKENS

    parser = build_parser()
    args = parser.parse_args(["analyze", "--dataset", "example"])
    assert args.na_values is None  # None: the readers use netmix.io.MISSING_TOKENS
    sub = parser._subparsers._group_actions[0].choices["analyze"]
    help_text = " ".join(sub.format_help().split())
    assert ",".join(MISSING_TOKENS) in help_text  # the tokens, as the library has them
    assert "netmix.io.MISSING_TOKENS" in help_text
    assert parser.parse_args(["analyze", "--na-values", "NA, ?"]).na_values == ["NA", "?"]


def test_na_values_reach_the_node_table(tmp_path, capsys):
    (tmp_path / "e.csv").write_text("source,target\na,b\nb,c\nc,d\nd,a\na,c\n")
    (tmp_path / "n.csv").write_text("id,team\na,x\nb,x\nc,y\nd,?\n")
    code = main(["analyze", "--edges", str(tmp_path / "e.csv"), "--nodes",
                 str(tmp_path / "n.csv"), "--groups", "team", "--na-values", "?",
                 "--out", str(tmp_path / "out"), "--resamples", "39"])
    assert code == 0
    summary = pd.read_csv(tmp_path / "out" / "summary.csv", index_col=0)["value"]
    assert summary["nodes without a group"] == "1"  # d's "?" is missing, as asked


def test_out_existing_file_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    import netmix.report

    target = tmp_path / "report.html"
    target.write_text("my own page")
    monkeypatch.setattr(netmix.report, "build_report", _must_not_run)
    assert main(["analyze", "--dataset", "example", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--out must be a folder" in err and "existing file" in err
    assert target.read_text() == "my own page"


def test_out_foreign_folder_needs_overwrite(tmp_path, capsys):
    (tmp_path / "thesis.tex").write_text("mine")
    assert main(["demo", "--out", str(tmp_path), "--resamples", "39"]) == 2
    err = capsys.readouterr().err
    assert "thesis.tex" in err and "--overwrite" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]
    assert main(["demo", "--out", str(tmp_path), "--resamples", "39", "--overwrite"]) == 0
    assert (tmp_path / "thesis.tex").read_text() == "mine"
    assert (tmp_path / "report.html").exists()
    assert main(["demo", "--out", str(tmp_path), "--resamples", "39"]) == 2  # still foreign


def test_out_written_by_netmix_is_reused(tmp_path):
    out = tmp_path / "r"
    assert main(["demo", "--out", str(out), "--resamples", "39"]) == 0
    assert main(["demo", "--out", str(out), "--resamples", "39"]) == 0


def _must_not_run(*args, **kwargs):
    raise AssertionError("the analysis ran although --out was refused")
