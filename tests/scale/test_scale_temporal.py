"""netmix.scale.mixing_over_time (DuckDB, out of core) equals netmix.mixing_over_time.

Every expected value is computed live by the in-memory implementation
(:func:`netmix.mixing_over_time` with ``interval="none"`` on
:meth:`netmix.Contacts.from_events` of the same records), on generated records spanning the
start of daylight saving time in Europe/Paris (a 23-hour day) and on the primary school 2009
SocioPatterns data; a hand computation checks the DST day's length.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import netmix
import netmix.scale as S
from netmix.exceptions import DegenerateMixingWarning, InputError

pytest.importorskip("duckdb")

TZ = "Europe/Paris"
LABELS = np.array(list("abcdef"), dtype=object)


def records(seed: int = 0, *, m: int = 100_000, n: int = 400, days: int = 6,
            str_ids: bool = False, float_times: bool = False, float_durations: bool = False
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records (t, i, j, duration) over ``days`` days from 2021-03-25 local (DST starts on
    the 28th: a 23-hour day), homophilous, and a node table (id, g, h with missing)."""
    rng = np.random.default_rng(seed)
    t0 = int(pd.Timestamp("2021-03-25 06:00", tz=TZ).timestamp())
    t = np.sort(t0 + rng.integers(0, days * 86400, m))
    if float_times:
        t = t + rng.random(m).round(3)
    g = rng.integers(0, 6, n)
    i = rng.integers(0, n, m)
    order = np.argsort(g, kind="stable")
    size = np.bincount(g, minlength=6)
    first = np.r_[0, np.cumsum(size)[:-1]]
    partner = order[first[g[i]] + (rng.random(m) * size[g[i]]).astype(np.int64)]
    j = np.where(rng.random(m) < 0.6, partner, rng.integers(0, n, m))
    j = np.where(j == i, (i + 1) % n, j)
    ids = np.arange(5000, 5000 + n) * 7
    ids = np.array([f"p{x}" for x in ids], dtype=object) if str_ids else ids
    dur = rng.integers(1, 300, m).astype(np.int64)
    dur = dur + rng.random(m).round(2) + 0.01 if float_durations else dur
    ev = pd.DataFrame({"t": t, "i": ids[i], "j": ids[j], "duration": dur})
    h = LABELS[rng.integers(0, 3, n)].copy()
    h[rng.random(n) < 0.05] = None
    nodes = pd.DataFrame({"id": ids, "g": LABELS[g], "h": h})
    return ev, nodes


def in_memory(ev: pd.DataFrame, nodes: pd.DataFrame, groups: str, *, directed=False,
              tz=TZ, **kw) -> netmix.MixingOverTime:
    c = netmix.Contacts.from_events(ev, nodes.set_index("id"), duration="duration", tz=tz,
                                    directed=directed)
    return netmix.mixing_over_time(c, groups, interval="none", **kw)


def write_parts(ev: pd.DataFrame, nodes: pd.DataFrame, where, parts: int = 3):
    where.mkdir(exist_ok=True)
    for k, chunk in enumerate(np.array_split(np.arange(len(ev)), parts)):
        pq.write_table(pa.Table.from_pandas(ev.iloc[chunk], preserve_index=False),
                       where / f"part{k}.parquet", row_group_size=20_000)
    pq.write_table(pa.Table.from_pandas(nodes, preserve_index=False), where / "nodes.parquet")
    return str(where / "part*.parquet"), where / "nodes.parquet"


def assert_same(a: netmix.MixingOverTime, b: netmix.MixingOverTime) -> None:
    """Equal frames (statistics to 1e-12) and equal matrices, window by window."""
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.statistic, b.statistic, rtol=1e-12, atol=1e-12)
    assert len(a.matrices) == len(b.matrices)
    for x, y in zip(a.matrices, b.matrices, strict=True):
        np.testing.assert_allclose(x.counts, y.counts, rtol=1e-12, atol=0)
        assert x.counts.dtype == y.counts.dtype
        assert list(x.row_labels) == list(y.row_labels)
        np.testing.assert_array_equal(x.row_sizes, y.row_sizes)
        assert (x.n_nodes_dropped, x.n_edges_dropped) == (y.n_nodes_dropped, y.n_edges_dropped)
        assert (x.directed, x.weight) == (y.directed, y.weight)


def both(memory, scale):
    """Both results, and the same DegenerateMixingWarning messages from each."""
    with warnings.catch_warnings(record=True) as w_memory:
        warnings.simplefilter("always", DegenerateMixingWarning)
        expected = memory()
    with warnings.catch_warnings(record=True) as w_scale:
        warnings.simplefilter("always", DegenerateMixingWarning)
        got = scale()
    assert [str(w.message) for w in w_memory] == [str(w.message) for w in w_scale]
    return expected, got


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    ev, nodes = records(0)
    files, node_file = write_parts(ev, nodes, tmp_path_factory.mktemp("synthetic"))
    return ev, nodes, files, node_file


# ----------------------------------------------------------------------------- equality
@pytest.mark.parametrize("weight", ["duration", None, "n_contacts"])
def test_daily_mixing_equals_in_memory_across_dst(synthetic, weight):
    ev, nodes, files, node_file = synthetic
    expected = in_memory(ev, nodes, "g", freq="1D", weight=weight)
    got = S.mixing_over_time(files, node_file, "g", freq="1D", tz=TZ, duration="duration",
                             weight=weight)
    assert_same(expected, got)
    hours = (got.window_end - got.window_start) / pd.Timedelta(hours=1)
    # hand computation: 2021-03-28 is 23 h long in Paris (clocks go from 02:00 to 03:00)
    assert list(hours) == [24, 24, 24, 23, 24, 24, 24]
    assert got.n_contacts.sum() == len(ev)


@pytest.mark.parametrize("weight", ["duration", None])
def test_missing_groups_dropped_as_in_memory(synthetic, weight):
    ev, nodes, files, node_file = synthetic
    expected = in_memory(ev, nodes, "h", freq="1D", weight=weight, missing="drop")
    got = S.mixing_over_time(files, node_file, "h", freq="1D", tz=TZ, duration="duration",
                             weight=weight, missing="drop")
    assert_same(expected, got)
    assert got.matrices[0].n_edges_dropped > 0
    with pytest.raises(InputError, match="h"):
        S.mixing_over_time(files, node_file, "h", tz=TZ, duration="duration")


@pytest.mark.parametrize("options", [
    {"freq": "6h"}, {"freq": "W-MON"}, {"size": "2h", "step": "30min"},
    {"freq": "1D", "start": "2021-03-26", "end": "2021-03-29 12:00"}])
def test_other_windows(synthetic, options):
    ev, nodes, files, node_file = synthetic
    expected, got = both(
        lambda: in_memory(ev, nodes, "g", weight=None, **options),
        lambda: S.mixing_over_time(files, node_file, "g", tz=TZ, duration="duration",
                                   weight=None, **options))
    assert_same(expected, got)


def test_directed_string_ids_float_times_and_durations(tmp_path):
    ev, nodes = records(1, m=20_000, str_ids=True, float_times=True, float_durations=True)
    files, node_file = write_parts(ev, nodes, tmp_path)
    for directed in (True, False):
        expected = in_memory(ev, nodes, "g", freq="1D", directed=directed)
        got = S.mixing_over_time(files, node_file, "g", tz=TZ, duration="duration",
                                 directed=directed)
        assert_same(expected, got)


def test_profile_and_uniform_durations_and_table_input(synthetic):
    ev, nodes, _, _ = synthetic
    ev = ev.iloc[:30_000].drop(columns="duration")
    c = netmix.Contacts.from_events(ev, nodes.set_index("id"), tz=TZ)
    expected, got = both(
        lambda: netmix.mixing_over_time(c, "g", freq="3h", profile="day", interval="none"),
        lambda: S.mixing_over_time(ev, nodes, "g", freq="3h", profile="day", tz=TZ,
                                   memory_limit="500MB", threads=1))
    assert_same(expected, got)
    pd.testing.assert_frame_equal(expected.profile, got.profile, rtol=1e-12)


def test_empty_windows_warn_as_in_memory(synthetic):
    ev, nodes, _, _ = synthetic
    day = 86400
    ev = ev[(ev["t"] < ev["t"].iloc[0] + day) | (ev["t"] > ev["t"].iloc[0] + 3 * day)]
    with pytest.warns(DegenerateMixingWarning, match="no contacts") as w_memory:
        expected = in_memory(ev, nodes, "g", freq="1D")
    with pytest.warns(DegenerateMixingWarning, match="no contacts") as w_scale:
        got = S.mixing_over_time(ev, nodes, "g", tz=TZ, duration="duration")
    assert_same(expected, got)
    assert [str(w.message) for w in w_memory] == [str(w.message) for w in w_scale]


def test_self_loops_dropped_when_asked(synthetic):
    ev, nodes, _, _ = synthetic
    ev = ev.iloc[:5000].copy()
    ev.loc[ev.index[::50], "j"] = ev["i"].iloc[::50].to_numpy()
    c = netmix.Contacts.from_events(ev, nodes.set_index("id"), duration="duration", tz=TZ,
                                    self_loops="drop")
    expected = netmix.mixing_over_time(c, "g", interval="none")
    got = S.mixing_over_time(ev, nodes, "g", tz=TZ, duration="duration", self_loops="drop")
    assert_same(expected, got)
    with pytest.raises(InputError, match="themself at row"):
        S.mixing_over_time(ev, nodes, "g", tz=TZ, duration="duration")


# ----------------------------------------------------------------------------- real data
@pytest.mark.skipif(not os.environ.get("NETMIX_DATA_DIR"), reason="NETMIX_DATA_DIR not set")
@pytest.mark.parametrize("groups, weight", [("class", "duration"), ("class", None),
                                            ("gender", "duration")])
def test_primary_school_equals_in_memory(tmp_path, groups, weight):
    from netmix.temporal import load_contacts

    contacts = load_contacts("primaryschool_2009")
    frame = contacts.to_frame()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "c.parquet")
    nodes = contacts.nodes.reset_index()
    pq.write_table(pa.Table.from_pandas(nodes, preserve_index=False), tmp_path / "n.parquet")
    missing = "drop" if contacts.nodes[groups].isna().any() else "raise"
    expected = netmix.mixing_over_time(contacts, groups, freq="1D", weight=weight,
                                       interval="none", missing=missing)
    got = S.mixing_over_time(tmp_path / "c.parquet", tmp_path / "n.parquet", groups,
                             freq="1D", tz=contacts.tz, duration="duration", weight=weight,
                             missing=missing)
    assert_same(expected, got)
    assert got.n_windows == 2 and got.n_contacts.sum() == len(contacts)


# ----------------------------------------------------------------------------- errors
def test_bad_input_names_the_problem(synthetic, tmp_path):
    ev, nodes, _, node_file = synthetic
    small = ev.iloc[:100]
    with pytest.raises(InputError, match="interval must be 'none' out of core"):
        S.mixing_over_time(small, nodes, "g", interval="jackknife")
    with pytest.raises(InputError, match="engine must be 'duckdb'"):
        S.mixing_over_time(small, nodes, "g", engine="dask")
    with pytest.raises(InputError, match="weight"):
        S.mixing_over_time(small, nodes, "g", weight="first_contact")
    unknown = small.copy()
    unknown.loc[unknown.index[7], "j"] = -1
    with pytest.raises(InputError, match="not in the node table at row 7"):
        S.mixing_over_time(unknown, nodes, "g")
    bad = small.copy()
    bad["duration"] = bad["duration"].astype(float)
    bad.loc[bad.index[3], "duration"] = -2.0
    pq.write_table(pa.Table.from_pandas(bad, preserve_index=False), tmp_path / "bad.parquet")
    with pytest.raises(InputError, match=r"bad.parquet, row 4"):
        S.mixing_over_time(tmp_path / "bad.parquet", node_file, "g", duration="duration")
    with pytest.raises(InputError, match=r"contacts .* does not exist"):
        S.mixing_over_time(tmp_path / "none.parquet", node_file, "g")
