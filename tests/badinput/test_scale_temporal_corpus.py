"""Bad-input corpus: netmix.scale.mixing_over_time (contact records on disk, issue 17).

Malformed Parquet contact tables (missing, non-finite or textual times, missing or unknown
ids, self-contacts, bad durations), bad windows and bad options; each with its netmix error
naming the argument (and the file and row where the record is), or the exact result
(hand-computed) where the input is odd but valid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _corpus import Case, check, ids, write

from netmix import DegenerateMixingWarning, InputTypeError
from netmix.scale import DuckDBEngine, mixing_over_time

pytest.importorskip("duckdb")

NODES = pd.DataFrame({"id": [1, 2, 3], "g": ["a", "a", "b"]})


def ev(**columns):
    base = {"t": [20, 40], "i": [1, 2], "j": [2, 3]}
    base.update(columns)
    return pd.DataFrame(base)


def parquet(d, table: pd.DataFrame, name: str = "c.parquet"):
    path = d / name
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), path)
    return path


def run(d, table=None, nodes=NODES, groups="g", **kw):
    return mixing_over_time(parquet(d, ev() if table is None else table), nodes, groups, **kw)


def equals(expected):
    def _check(value):
        np.testing.assert_equal(value, expected)
    return _check


def graph_statistic(graph, groups, weight=None):
    return 0.0


CASES = [
    Case("contacts-not-a-table", lambda d: mixing_over_time(42, NODES, "g"),
         error=InputTypeError, match=("contacts must be",)),
    Case("contacts-missing-file", lambda d: mixing_over_time(d / "none.parquet", NODES, "g"),
         match=("contacts", "does not exist")),
    Case("contacts-csv", lambda d: mixing_over_time(write(d, "c.csv", "t,i,j\n20,1,2\n"),
                                                    NODES, "g"),
         match=("contacts must be Parquet",)),
    Case("contacts-glob-no-match", lambda d: mixing_over_time(str(d / "*.parquet"), NODES,
                                                              "g"),
         match=("contacts: no file matches",)),
    Case("contacts-no-rows", lambda d: run(d, ev().iloc[:0]), match=("has no rows",)),
    Case("time-column-missing", lambda d: run(d, time="when"),
         match=("time must name a column in contacts (", "'when'")),
    Case("time-column-text", lambda d: run(d, ev(t=["20", "soon"])),
         match=("column 't' must hold unix seconds",)),
    Case("time-nan", lambda d: run(d, ev(t=[20.0, np.nan])),
         match=("finite", "c.parquet, row 2"), path=True),
    Case("time-null-integer", lambda d: run(d, ev(t=pd.array([20, None], dtype="Int64"))),
         match=("finite", "row 2"), path=True),
    Case("id-missing", lambda d: run(d, ev(j=pd.array([2, None], dtype="Int64"))),
         match=("node id is missing", "row 2"), path=True),
    Case("id-unknown", lambda d: run(d, ev(j=[2, 9])),
         match=("not in the node table", "row 2", "9"), path=True),
    Case("id-type-mismatch", lambda d: run(d, ev(i=["1", "2"], j=["2", "3"])),
         match=("never match",)),
    Case("self-contact", lambda d: run(d, ev(j=[2, 2])),
         match=("themself", "row 2", "self_loops='drop'"), path=True),
    Case("duration-zero", lambda d: run(d, ev(d=[20, 0]), duration="d"),
         match=("positive seconds", "row 2"), path=True),
    Case("duration-text", lambda d: run(d, ev(d=["20", "x"]), duration="d"),
         match=("duration: column 'd' must hold seconds",)),
    Case("duration-column-missing", lambda d: run(d, duration="d"),
         match=("duration must name a column",)),
    Case("weight-unknown", lambda d: run(d, weight="first_contact"), match=("weight",)),
    Case("interval-jackknife", lambda d: run(d, interval="jackknife"),
         match=("interval must be 'none' out of core",)),
    Case("interval-unknown", lambda d: run(d, interval="wald"), match=("interval",)),
    Case("statistic-of-the-graph", lambda d: run(d, statistic=graph_statistic),
         match=("needs the graph",)),
    Case("engine-dask", lambda d: run(d, engine="dask"), match=("engine must be 'duckdb'",)),
    Case("threads-not-integer", lambda d: run(d, threads=1.5), error=InputTypeError,
         match=("threads",)),
    Case("memory-limit-with-engine", lambda d: run(d, engine=DuckDBEngine(),
                                                   memory_limit="1GB"),
         match=("must be None when engine is a DuckDBEngine",)),
    Case("tz-unknown", lambda d: run(d, tz="Paris"), match=("tz must be an IANA",)),
    Case("profile-with-days", lambda d: run(d, profile="day"),
         match=("shorter than a day",)),
    Case("freq-and-size", lambda d: run(d, freq="1D", size="1h"), match=("not both",)),
    Case("freq-unknown", lambda d: run(d, freq="fortnightly"), match=("freq must be",)),
    Case("end-before-start", lambda d: run(d, start=100, end=50), match=("end must be after",)),
    Case("groups-unknown", lambda d: run(d, groups="nope"), match=("nope",)),
    Case("groups-missing-raise", lambda d: run(d, nodes=NODES.assign(g=["a", None, "b"])),
         match=("g",)),
    Case("nodes-not-a-table", lambda d: run(d, nodes=[1, 2, 3]), error=InputTypeError,
         match=("nodes must be",)),
    # one window, one a-a and one a-b pair: e = [[2, 1], [1, 0]] / 4 (weight None), a =
    # (3/4, 1/4): r = (1/2 - 5/8) / (1 - 5/8) = -1/3 (hand computation)
    Case("one-day-exact", lambda d: run(d, weight=None).statistic.tolist(), error=None,
         result=equals([-1 / 3])),
    # the same with a repeated a-a record: pairs still counted once (weight None)
    Case("repeated-pair-counted-once", lambda d: run(
        d, ev(t=[20, 40, 60], i=[1, 2, 2], j=[2, 3, 1]), weight=None).statistic.tolist(),
        error=None, result=equals([-1 / 3])),
    Case("empty-window-nan", lambda d: run(d, freq="1h", start=-7200, end=3600)
         .n_contacts.tolist(), error=None, result=equals([0, 0, 2]),
         warns=DegenerateMixingWarning, warns_match="2 of 3 windows have no contacts"),
    Case("self-contacts-dropped", lambda d: run(d, ev(t=[20, 40, 60], i=[1, 2, 3],
                                                      j=[2, 3, 3]), self_loops="drop",
                                                weight=None).n_contacts.tolist(),
         error=None, result=equals([2])),
    Case("records-outside-the-span", lambda d: run(d, ev(t=[20, 90000]), end=86400)
         .n_contacts.tolist(), error=None, result=equals([1]),
         warns=DegenerateMixingWarning, warns_match="undefined"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
