"""Contact diaries against wearable sensors for the same people and day.

Following Mastrandrea, Fournet and Barrat (2015): the directed diary reports are
symmetrised (a pair is linked if either reported the other, with the highest reported
duration when both did), both networks are restricted to the people present in both, and
the links are compared: the share of diary links the sensors detected, the share of sensor
links the diaries report (by sensor duration band), the reciprocity of reports, and the
reported duration band against the sensors' cumulative duration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import ResultMixin
from .._validation import check_choice
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph

__all__ = ["DURATION_BANDS", "DiarySensorComparison", "compare_diary_sensor",
           "duration_band", "symmetrize_diary"]

#: Diary duration codes (Mastrandrea et al. 2015) and their upper bounds in seconds.
DURATION_BANDS = {1: "<= 5 min", 2: "5-15 min", 3: "15 min-1 h", 4: "> 1 h"}
_BOUNDS = np.array([300.0, 900.0, 3600.0])


def duration_band(seconds: np.ndarray) -> np.ndarray:
    """The diary code of a duration in seconds: 1 (<= 5 min), 2 (<= 15 min), 3 (<= 1 h), 4.

    Examples
    --------
    >>> duration_band(np.array([20, 300, 320, 900, 3600, 3620]))
    array([1, 1, 2, 2, 3, 4])
    """
    return np.searchsorted(_BOUNDS, np.asarray(seconds, dtype=float), side="left") + 1


def _pair_table(graph: SocialGraph, code: str, combine: str) -> pd.DataFrame:
    src, dst = graph.src.astype(np.int64), graph.dst.astype(np.int64)
    a, b = np.minimum(src, dst), np.maximum(src, dst)
    table = pd.DataFrame({"a": a, "b": b, "code": graph.edge_attr(code)})
    agg = {"max": "max", "min": "min", "mean": "mean"}[combine]
    pairs = table.groupby(["a", "b"], sort=True)["code"].agg([agg, "size", "min", "max"])
    return pairs.set_axis(["code", "n_reports", "code_low", "code_high"], axis=1).reset_index()


def symmetrize_diary(diary: SocialGraph, *, code: str = "duration_code",
                     combine: str = "max") -> SocialGraph:
    """The undirected diary network: a pair is linked when either reported the other.

    Parameters
    ----------
    diary : SocialGraph
        Directed reports ``i -> j`` with a duration code (as read by
        :func:`netmix.read_diary_network`).
    code : str, default "duration_code"
    combine : {"max", "min", "mean"}, default "max"
        The pair's code when both reported it; ``"max"`` is the "highest reported value"
        of Mastrandrea et al. (2015).

    Returns
    -------
    SocialGraph
        Undirected, same nodes; edge attributes ``code`` (named as ``code``) and
        ``n_reports`` (1 or 2).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> reports = pd.DataFrame({"i": [1, 2, 1], "j": [2, 1, 3], "w": [1, 3, 2]})
    >>> g = symmetrize_diary(netmix.read_diary_network(reports))
    >>> g.edges
       source  target  duration_code  n_reports
    0       1       2              3          2
    1       1       3              2          1
    """
    check_choice("combine", combine, ("max", "min", "mean"))
    diary = as_social_graph(diary)
    pairs = _pair_table(diary, code, combine)
    return SocialGraph(diary.nodes, pairs["a"].to_numpy(), pairs["b"].to_numpy(),
                       directed=False,
                       edge_attrs={code: pairs["code"].to_numpy(),
                                   "n_reports": pairs["n_reports"].to_numpy()},
                       provenance=(*diary.provenance, {"step": "symmetrize_diary",
                                                       "combine": combine,
                                                       "pairs": len(pairs)}))


@dataclass(frozen=True, eq=False)
class DiarySensorComparison(ResultMixin):
    """Diary links against sensor links among the people present in both.

    Attributes
    ----------
    n_nodes_diary, n_links_diary : int
        The symmetrised diary network: the people in the reports, and their links.
    n_nodes_sensor, n_links_sensor : int
        The sensor network (of the diary day, as given).
    n_nodes_both : int
        People in both networks; everything below is among them.
    n_diary_links, n_sensor_links, n_links_both : int
    share_diary_detected : float
        Diary links the sensors also recorded, ``n_links_both / n_diary_links``.
    share_sensor_reported : float
        Sensor links the diaries also report, ``n_links_both / n_sensor_links``.
    n_reported_by_both, n_reported_by_one : int
        Diary links reported by both people, and by one.
    share_overestimated, share_exact, share_underestimated : float
        Among links in both, the diary code above, equal to or below the sensor band.
    by_duration : pandas.DataFrame
        Per sensor duration band: sensor links, those reported, share reported.
    by_reciprocity : pandas.DataFrame
        Diary links reported by both / by one: links, detected by sensors, share.
    durations : pandas.DataFrame
        Links in both: diary code (rows) by sensor band (columns).
    report_agreement : pandas.DataFrame
        Links reported by both: lower by higher of the two reported codes.
    """

    n_nodes_diary: int
    n_links_diary: int
    n_nodes_sensor: int
    n_links_sensor: int
    n_nodes_both: int
    n_diary_links: int
    n_sensor_links: int
    n_links_both: int
    share_diary_detected: float
    share_sensor_reported: float
    n_reported_by_both: int
    n_reported_by_one: int
    share_overestimated: float
    share_exact: float
    share_underestimated: float
    share_reports_agree: float
    combine: str
    duration: str
    by_duration: pd.DataFrame
    by_reciprocity: pd.DataFrame
    durations: pd.DataFrame
    report_agreement: pd.DataFrame

    _title = "Contact diaries versus sensors"
    _record_fields = ("n_nodes_both", "n_diary_links", "n_sensor_links", "n_links_both",
                      "share_diary_detected", "share_sensor_reported", "share_exact")
    _preview_field = "by_duration"


def _keys(ids_a: np.ndarray, ids_b: np.ndarray, common: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    pa, pb = common.get_indexer(ids_a), common.get_indexer(ids_b)
    keep = (pa >= 0) & (pb >= 0)
    lo, hi = np.minimum(pa, pb).astype(np.int64), np.maximum(pa, pb).astype(np.int64)
    return lo * len(common) + hi, keep


def _band_table(bands: np.ndarray, reported: np.ndarray) -> pd.DataFrame:
    n = np.bincount(bands, minlength=5)[1:]
    r = np.bincount(bands, weights=reported.astype(float), minlength=5)[1:]
    share = np.divide(r, n, out=np.full(4, np.nan), where=n > 0)
    return pd.DataFrame({"band": list(DURATION_BANDS.values()), "sensor_links": n,
                         "reported": r.astype(np.int64), "share_reported": share},
                        index=pd.Index([1, 2, 3, 4], name="sensor_band"))


def _crosstab(rows: np.ndarray, cols: np.ndarray, row_name: str, col_name: str) -> pd.DataFrame:
    table = np.zeros((4, 4), dtype=np.int64)
    np.add.at(table, (rows - 1, cols - 1), 1)
    return pd.DataFrame(table, index=pd.Index([1, 2, 3, 4], name=row_name),
                        columns=pd.Index([1, 2, 3, 4], name=col_name))


def compare_diary_sensor(diary: SocialGraph, sensor: SocialGraph, *,
                         duration: str = "duration", code: str = "duration_code",
                         combine: str = "max") -> DiarySensorComparison:
    """Compare contact-diary reports with sensor contacts of the same day.

    Parameters
    ----------
    diary : SocialGraph
        Directed diary reports with a duration code (1: <= 5 min, 2: 5-15 min, 3: 15 min-
        1 h, 4: > 1 h), e.g. ``load_highschool_2013("diary")``.
    sensor : SocialGraph
        Undirected sensor contacts of the diary day with a cumulative duration in seconds,
        e.g. ``load_highschool_2013("sensor", start="2013-12-05", end="2013-12-06",
        tz="Europe/Paris")``.
    duration : str, default "duration"
        Sensor edge attribute, seconds.
    code : str, default "duration_code"
    combine : {"max", "min", "mean"}, default "max"
        A pair's diary code when both reported it (rounded down to a band for "mean").

    Returns
    -------
    DiarySensorComparison

    Notes
    -----
    The diary side is the people in the reports (who reported, or were reported by,
    someone): a diary file does not list who kept no diary, so nodes of ``diary`` without
    any report (metadata people kept with ``isolates="keep"``) are not counted as
    respondents who reported nobody. :func:`netmix.io.read_diary_network` on the raw files
    and :func:`netmix.datasets.load_highschool_2013` give the same comparison (tested).

    Mastrandrea R., Fournet J., Barrat A. (2015). Contact patterns in a high school: a
    comparison between data collected using wearable sensors, contact diaries and
    friendship surveys. PLoS ONE 10(9): e0136497, doi:10.1371/journal.pone.0136497.
    Validated against the paper's counts: 120 nodes and 348 diary links; 295 nodes and
    2,162 sensor links; among 109 students, 287 diary and 488 sensor links, 202 in both,
    129 reported by both students and 158 by one (tests).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"class": ["x", "x", "x", "x"]}, index=[1, 2, 3, 4])
    >>> diary = netmix.SocialGraph(nodes, [0, 1, 2], [1, 0, 3], directed=True,
    ...                            edge_attrs={"duration_code": [2, 3, 1]})
    >>> sensor = netmix.SocialGraph(nodes, [0, 0, 2], [1, 3, 3],
    ...                             edge_attrs={"duration": [600, 60, 4000]})
    >>> c = compare_diary_sensor(diary, sensor)
    >>> c.n_diary_links, c.n_sensor_links, c.n_links_both, c.n_reported_by_both
    (2, 3, 2, 1)
    >>> c.by_duration[["band", "sensor_links", "reported"]]
                       band  sensor_links  reported
    sensor_band
    1              <= 5 min             1         0
    2              5-15 min             1         1
    3            15 min-1 h             0         0
    4                 > 1 h             1         1
    """
    diary, sensor = as_social_graph(diary), as_social_graph(sensor)
    if not diary.directed:
        raise InputError("diary must be the directed graph of reports (i reported j); got an "
                         "undirected graph. Read it with netmix.read_diary_network.")
    sym = symmetrize_diary(diary, code=code, combine=combine)
    in_diary = np.zeros(diary.n_nodes, dtype=bool)
    in_diary[diary.src] = in_diary[diary.dst] = True
    people = pd.Index(diary.node_ids[in_diary])
    common = people.intersection(sensor.node_ids)
    pairs = _pair_table(diary, code, combine)
    ids = diary.node_ids
    d_key, d_keep = _keys(ids.take(pairs["a"]).to_numpy(), ids.take(pairs["b"]).to_numpy(),
                          common)
    pairs, d_key = pairs[d_keep], d_key[d_keep]
    s_ids = sensor.node_ids
    s_key, s_keep = _keys(s_ids.take(sensor.src).to_numpy(), s_ids.take(sensor.dst).to_numpy(),
                          common)
    s_sec = sensor.edge_attr(duration).astype(float)[s_keep]
    s_key = s_key[s_keep]
    if pd.Index(s_key).has_duplicates:
        raise InputError("sensor must have one edge per pair; got repeated pairs. Aggregate "
                         "contacts with netmix.from_contacts.")
    detected = np.isin(d_key, s_key)
    reported = np.isin(s_key, d_key)
    band = duration_band(s_sec)
    d_code = np.floor(pairs["code"].to_numpy(dtype=float)).astype(np.int64)
    s_band_of_d = pd.Series(band, index=s_key).reindex(d_key[detected]).to_numpy()
    diff = d_code[detected] - s_band_of_d
    both = pairs["n_reports"].to_numpy() == 2
    n_det = max(int(detected.sum()), 1)
    recip = pd.DataFrame({"diary_links": [int(both.sum()), int((~both).sum())],
                          "detected": [int((detected & both).sum()),
                                       int((detected & ~both).sum())]},
                         index=pd.Index(["both", "one"], name="reported_by"))
    recip["share_detected"] = recip["detected"] / recip["diary_links"].where(
        recip["diary_links"] > 0)
    low = pairs["code_low"].to_numpy()[both].astype(np.int64)
    high = pairs["code_high"].to_numpy()[both].astype(np.int64)
    return DiarySensorComparison(
        n_nodes_diary=len(people), n_links_diary=sym.n_edges, n_nodes_sensor=sensor.n_nodes,
        n_links_sensor=sensor.n_edges, n_nodes_both=len(common), n_diary_links=len(d_key),
        n_sensor_links=len(s_key), n_links_both=int(detected.sum()),
        share_diary_detected=float(detected.mean()) if len(d_key) else float("nan"),
        share_sensor_reported=float(reported.mean()) if len(s_key) else float("nan"),
        n_reported_by_both=int(both.sum()), n_reported_by_one=int((~both).sum()),
        share_overestimated=float((diff > 0).sum() / n_det),
        share_exact=float((diff == 0).sum() / n_det),
        share_underestimated=float((diff < 0).sum() / n_det),
        share_reports_agree=float((low == high).mean()) if low.size else float("nan"),
        combine=combine, duration=duration, by_duration=_band_table(band, reported),
        by_reciprocity=recip,
        durations=_crosstab(d_code[detected], s_band_of_d, "diary_code", "sensor_band"),
        report_agreement=_crosstab(low, high, "lower_code", "higher_code"))
