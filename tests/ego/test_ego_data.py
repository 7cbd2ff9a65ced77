"""The ego-centric data model: readers, validation, harmonisation, sociocentric conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.ego import EgoData, from_graph, read_ego_data


def survey():
    egos = pd.DataFrame({"ego": [1, 2, 3, 4], "eth": ["White", "Black", "Asian", "White"],
                         "town": ["x", "x", "y", "y"], "w": [1.0, 2.0, 0.5, 1.0],
                         "trust": [3, 4, 2, 5]})
    alters = pd.DataFrame({"ego": [1, 1, 2, 3, 3, 3], "a_eth": ["w", "b", "b", "a", "w", "w"],
                           "minutes": [10, 20, 30, 5, 5, 60]})
    areas = pd.DataFrame({"town": ["x", "y"], "White": [70, 50], "Black": [20, 10],
                          "Asian": [10, 40]})
    return egos, alters, areas


LEVELS = {"w": "White", "b": "Black", "a": "Asian"}


def read(**kw):
    egos, alters, areas = survey()
    options = dict(group="eth", alter_group="a_eth", area="town", areas=areas,
                   survey_weight="w", alter_levels=LEVELS)
    options.update(kw)
    return read_ego_data(egos, alters, **options)


def test_read_dataframes_codes_and_counts():
    d = read()
    assert isinstance(d, EgoData)
    # labels follow the area table's columns
    assert list(d.labels) == ["White", "Black", "Asian"]
    assert d.n_egos == 4 and d.n_alters == 6
    # ego 4 reported nobody: kept, with 0 alters
    assert d.alters_per_ego().tolist() == [2, 1, 3, 0]
    # hand count: ego 1 -> White 1, Black 1; ego 2 -> Black 1; ego 3 -> White 2, Asian 1
    expected = np.array([[1, 1, 0], [0, 1, 0], [2, 0, 1], [0, 0, 0]], dtype=float)
    np.testing.assert_array_equal(d.group_counts(), expected)
    # weighted by minutes: ego 3 -> White 5 + 60, Asian 5
    np.testing.assert_array_equal(d.group_counts("minutes")[2], [65.0, 0.0, 5.0])
    np.testing.assert_array_equal(d.weights(), [1.0, 2.0, 0.5, 1.0])
    np.testing.assert_array_equal(d.weights(False), np.ones(4))
    assert d.provenance[-1]["egos_without_alters"] == 1
    assert "1 without alters" in repr(d)


def test_read_csv_and_parquet_equal_dataframes(tmp_path):
    egos, alters, areas = survey()
    paths = {}
    for name, table in (("egos", egos), ("alters", alters), ("areas", areas)):
        paths[name] = tmp_path / f"{name}.csv"
        table.to_csv(paths[name], index=False)
        table.to_parquet(tmp_path / f"{name}.parquet")
    opts = dict(group="eth", alter_group="a_eth", area="town", survey_weight="w",
                alter_levels=LEVELS)
    ref = read()
    for ext in ("csv", "parquet"):
        d = read_ego_data(tmp_path / f"egos.{ext}", tmp_path / f"alters.{ext}",
                          areas=tmp_path / f"areas.{ext}", **opts)
        np.testing.assert_array_equal(d.group_counts(), ref.group_counts())
        pd.testing.assert_frame_equal(d.areas, ref.areas)
        assert d.provenance[0]["egos"].endswith(f"egos.{ext}")


def test_long_area_table_equals_wide():
    _, _, wide = survey()
    long = wide.melt(id_vars="town", var_name="group", value_name="count")
    d = read(areas=long, area_group="group", area_count="count")
    pd.testing.assert_frame_equal(d.areas[list(read().labels)], read().areas)


def test_area_levels_collapse_columns_by_summing():
    # census categories "White British" + "White Other" -> "White"
    egos, alters, _ = survey()
    areas = pd.DataFrame({"town": ["x", "y"], "White British": [60, 45], "White Other": [10, 5],
                          "Black": [20, 10], "Asian": [10, 40]})
    d = read_ego_data(egos, alters, group="eth", alter_group="a_eth", area="town", areas=areas,
                      alter_levels=LEVELS,
                      area_levels={"White British": "White", "White Other": "White"})
    assert d.areas.loc["x", "White"] == 70 and d.areas.loc["y", "White"] == 50


def test_single_area_mapping_and_no_area_column():
    egos, alters, _ = survey()
    d = read_ego_data(egos, alters, group="eth", alter_group="a_eth", alter_levels=LEVELS,
                      areas={"White": 5, "Black": 3, "Asian": 2})
    assert d.ego_area.tolist() == [0, 0, 0, 0]
    assert d.areas.index.tolist() == ["all"]


def test_without_area_table_labels_are_sorted_union():
    egos, alters, _ = survey()
    d = read_ego_data(egos, alters, group="eth", alter_group="a_eth", alter_levels=LEVELS)
    assert list(d.labels) == ["Asian", "Black", "White"]
    with pytest.raises(netmix.InputError, match="area table"):
        d.population()


def test_alters_pointing_to_unknown_egos_name_the_line(tmp_path):
    egos, alters, _areas = survey()
    alters.loc[len(alters)] = [99, "w", 5]
    path = tmp_path / "alters.csv"
    alters.to_csv(path, index=False)
    with pytest.raises(netmix.InputError, match=r"ego 99 at .*alters.csv, line 8"):
        read_ego_data(egos, path, group="eth", alter_group="a_eth", alter_levels=LEVELS)


def test_alter_categories_missing_from_area_table():
    # without the mapping, "w", "b", "a" are not groups of the area table
    with pytest.raises(netmix.InputError, match=r"alter table .*'a', 'b', 'w'.*alter_levels="):
        read(alter_levels=None)


def test_ego_categories_missing_from_area_table():
    egos, alters, areas = survey()
    egos.loc[0, "eth"] = "Mixed"
    with pytest.raises(netmix.InputError, match="ego_levels"):
        read_ego_data(egos, alters, group="eth", alter_group="a_eth", area="town", areas=areas,
                      alter_levels=LEVELS)


@pytest.mark.parametrize("bad", [-1.0, np.nan])
def test_negative_or_missing_survey_weights(bad):
    egos, alters, areas = survey()
    egos.loc[2, "w"] = bad
    with pytest.raises(netmix.InputError, match=r"survey_weight.*finite numbers >= 0"):
        read_ego_data(egos, alters, group="eth", alter_group="a_eth", area="town",
                      areas=areas, survey_weight="w", alter_levels=LEVELS)


def test_negative_alter_weight_raises_when_used():
    egos, alters, _areas = survey()
    alters.loc[0, "minutes"] = -5
    d = read_ego_data(egos, alters, group="eth", alter_group="a_eth", alter_levels=LEVELS)
    with pytest.raises(netmix.InputError, match="minutes"):
        d.group_counts("minutes")


def test_missing_groups_raise_or_drop_and_are_counted():
    egos, alters, areas = survey()
    egos.loc[1, "eth"] = None  # ego 2 and its one alter
    alters.loc[5, "a_eth"] = None
    opts = dict(group="eth", alter_group="a_eth", area="town", areas=areas, alter_levels=LEVELS)
    with pytest.raises(netmix.InputError, match="never a group"):
        read_ego_data(egos, alters, **opts)
    d = read_ego_data(egos, alters, missing="drop", **opts)
    rec = d.provenance[-1]
    assert rec["egos_without_group_dropped"] == 1
    assert rec["alters_of_dropped_egos"] == 1
    assert rec["alters_without_group_dropped"] == 1
    assert d.n_egos == 3 and d.n_alters == 4


def test_repeated_ego_ids_and_unknown_areas():
    egos, alters, areas = survey()
    dup = pd.concat([egos, egos.iloc[[0]]])
    with pytest.raises(netmix.InputError, match="repeated id"):
        read_ego_data(dup, alters, group="eth", alter_group="a_eth", alter_levels=LEVELS)
    egos.loc[3, "town"] = "z"
    with pytest.raises(netmix.InputError, match="'z'"):
        read_ego_data(egos, alters, group="eth", alter_group="a_eth", area="town",
                      areas=areas, alter_levels=LEVELS)


def test_area_table_validation():
    _, _, areas = survey()
    with pytest.raises(netmix.InputError, match="sum to 1"):
        read(areas=areas, area_units="shares")
    bad = areas.assign(Black=[-1, 10])
    with pytest.raises(netmix.InputError, match="finite counts"):
        read(areas=bad)
    with pytest.raises(netmix.InputError, match="area_groups"):
        read(areas=areas.assign(note=["big", "small"]))
    d = read(areas=areas.assign(note=["big", "small"]),
             area_groups=["White", "Black", "Asian"])
    assert list(d.labels) == ["White", "Black", "Asian"]
    shares = areas.set_index("town")
    shares = shares.div(shares.sum(axis=1), axis=0).reset_index()
    assert read(areas=shares, area_units="shares").area_units == "shares"


def test_alter_alter_ties_validated():
    egos, alters, _areas = survey()
    alters["alter"] = ["p", "q", "p", "r", "s", "t"]
    ties = pd.DataFrame({"ego": [1, 3, 3], "source": ["p", "r", "s"], "target": ["q", "s", "t"]})
    opts = dict(group="eth", alter_group="a_eth", alter_levels=LEVELS, alter_id="alter")
    d = read_ego_data(egos, alters, ties=ties, **opts)
    assert len(d.ties) == 3
    bad = ties.assign(target=["q", "s", "zz"])
    with pytest.raises(netmix.InputError, match="alter 'zz'"):
        read_ego_data(egos, alters, ties=bad, **opts)


def test_subset_keeps_alters_of_kept_egos():
    d = read().subset([True, False, True, True])
    assert d.n_egos == 3 and d.n_alters == 5
    assert d.alters_per_ego().tolist() == [2, 3, 0]


def test_with_areas_attaches_a_table():
    egos, alters, areas = survey()
    d = read_ego_data(egos, alters, group="eth", alter_group="a_eth", alter_levels=LEVELS)
    d2 = d.with_areas(areas, area="town")
    pd.testing.assert_frame_equal(d2.areas, read().areas)


# ---------------------------------------------------------------------- from_graph
def test_from_graph_alters_are_networkx_neighbours(workplace):
    d = from_graph(workplace, "department")
    g = workplace.to_networkx()
    got = d.alters.groupby("ego")["alter"].apply(set).to_dict()
    for node in g.nodes:  # independent implementation: networkx neighbourhoods
        assert got.get(node, set()) == set(g.neighbors(node))
    # the area table is the graph's own population by department
    sizes = workplace.nodes["department"].value_counts()
    assert d.areas.iloc[0].to_dict() == {k: float(v) for k, v in sizes.items()}
    assert d.n_alters == 2 * workplace.n_edges


def test_from_graph_directed_modes():
    nodes = pd.DataFrame({"g": ["a", "b", "a"]}, index=["u", "v", "w"])
    g = netmix.SocialGraph(nodes, [0, 0, 1, 2], [1, 2, 2, 2], directed=True)  # w -> w loop
    out = from_graph(g, "g")
    assert out.alters[["ego", "alter"]].values.tolist() == [["u", "v"], ["u", "w"], ["v", "w"]]
    assert out.provenance[-2]["self_loops_skipped"] == 1
    inn = from_graph(g, "g", mode="in")
    assert sorted(inn.alters[["ego", "alter"]].values.tolist()) == [
        ["v", "u"], ["w", "u"], ["w", "v"]]
    assert from_graph(g, "g", mode="all").n_alters == 6


def test_from_graph_area_attribute_and_missing_groups():
    nodes = pd.DataFrame({"g": ["a", "b", None, "a"], "site": ["s1", "s1", "s2", "s2"]})
    g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    with pytest.raises(netmix.InputError, match="missing='drop'"):
        from_graph(g, "g")
    d = from_graph(g, "g", area="site", missing="drop")
    assert d.n_egos == 3
    assert d.areas.loc["s1"].tolist() == [1.0, 1.0] and d.areas.loc["s2"].tolist() == [1.0, 0.0]
    # node 2 (no group) is neither an ego nor an alter
    assert 2 not in set(d.alters["alter"])


@pytest.mark.parametrize(("values", "shown"), [
    (np.array([1, 2, -1], dtype=np.int64), "finite numbers >= 0; got -1 at row 2 (1 such"),
    ([1.0, 2.0, -2.5], "finite numbers >= 0; got -2.5 at row 2"),
    ([1.0, 2.0, np.nan], "finite numbers >= 0; got a missing value at row 2"),
    (np.array(["1", "2", "abc"], dtype=object), "numbers (weights); got 'abc' at row 2"),
    (np.array(["1", "2", "-3"], dtype=object), "finite numbers >= 0; got '-3' at row 2"),
    (np.array(["1", "2", None], dtype=object), "finite numbers; got a missing value at row 2"),
    (np.array([1, 2, True], dtype=object), "not true/false values; got True at row 2"),
    (np.array([True, False, True]), "numbers, not true/false values; got True at row 0"),
    (pd.array([True, None, True], dtype="boolean"), "not true/false values; got True at row 0"),
    (pd.array([1, None, 2], dtype="Int64"), "finite numbers >= 0; got a missing value at row 1"),
])
def test_numeric_column_values_shown_as_written(values, shown):
    from netmix.ego._tables import check_numeric_column

    table = pd.DataFrame({"w": values})
    with pytest.raises(netmix.InputError) as info:
        check_numeric_column(table, "w", "survey_weight", source="the ego table")
    message = str(info.value)
    assert shown in message and "np." not in message, message
    assert message.startswith("survey_weight: column 'w' of the ego table must hold")


def test_numeric_column_reads_numbers_and_numbers_as_text():
    from netmix.ego._tables import check_numeric_column

    table = pd.DataFrame({"a": np.array([2**62, 3], dtype=np.int64),
                          "b": np.array(["1.5", " 2 "], dtype=object)})
    a = check_numeric_column(table, "a", "weight", source="t")
    assert a.dtype == np.float64 and a.tolist() == [2.0**62, 3.0]
    assert check_numeric_column(table, "b", "weight", source="t").tolist() == [1.5, 2.0]


def test_numeric_column_error_names_the_file_line(tmp_path):
    from netmix.ego._tables import check_numeric_column
    from netmix.io import read_table

    path = tmp_path / "alters.csv"
    path.write_text("ego,minutes\n1,5\n2,-4\n")
    with pytest.raises(netmix.InputError) as info:
        check_numeric_column(read_table(path), "minutes", "weight", source="the alter table")
    assert info.value.line == 3 and info.value.path is not None
    assert "alters.csv, line 3" in str(info.value) and "got -4 at" in str(info.value)


def test_true_false_weights_and_counts_are_refused():
    egos, alters, areas = survey()
    with pytest.raises(netmix.InputError, match=r"survey_weight: .* not true/false values; "
                       r"got True at"):
        read_ego_data(egos.assign(w=[True, False, True, True]), alters, group="eth",
                      alter_group="a_eth", area="town", areas=areas, survey_weight="w",
                      alter_levels=LEVELS)
    d = read_ego_data(egos, alters.assign(minutes=[True] * 6), group="eth",
                      alter_group="a_eth", alter_levels=LEVELS)
    with pytest.raises(netmix.InputError, match=r"weight: column 'minutes' of the alter table"
                       r" must hold numbers, not true/false"):
        d.group_counts("minutes")
    with pytest.raises(netmix.InputError, match=r"non-numeric column\(s\) 'Black'"):
        read(areas=areas.assign(Black=[True, False]))


def test_area_count_errors_show_values_as_written():
    _, _, areas = survey()
    with pytest.raises(netmix.InputError, match=r"got -1 for area 'x', group 'Black'\. Fix"):
        read(areas=areas.assign(Black=np.array([-1, 10], dtype=np.int64)))
