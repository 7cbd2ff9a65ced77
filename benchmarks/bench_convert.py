"""Converting networkx and igraph graphs: netmix's conversion against reading the graph.

Issue 15 asks that converting a foreign graph costs at most twice what reading its edges and
attributes from Python costs. For each size this times, on the same attributed SBM graph
(node attributes ``group`` and ``age``, edge attribute ``duration``):

* ``read``: the cheapest plain-Python read of everything the conversion needs. networkx:
  ``list(G.nodes)``, ``list(G.nodes(data=a))`` for each node attribute and
  ``list(G.edges(data=a))`` for each edge attribute (the edge endpoints come with it);
  igraph: ``g.get_edgelist()``, ``g.vs[a]`` and ``g.es[a]`` for each attribute.
* ``convert``: :func:`netmix.from_networkx` / :func:`netmix.from_igraph`.

and writes ``benchmarks/results/convert.{json,md}`` with the ratio convert / read.

    python -m benchmarks.bench_convert --sizes 1e5 1e6
"""

from __future__ import annotations

import argparse

import numpy as np

from ._common import best_time, markdown_table, write_results
from .graphs import cached_graph

TARGET = "Target (issue 15, item 6): convert / read <= 2 for networkx and igraph graphs."


def _read_networkx(G) -> None:
    nodes = list(G.nodes)
    node_attrs = {a for _, d in G.nodes(data=True) for a in d}
    edge_attrs = {a for *_, d in G.edges(data=True) for a in d}
    cols = [list(G.nodes(data=a)) for a in node_attrs]
    ecols = [list(G.edges(data=a)) for a in edge_attrs]
    return nodes, cols, ecols


def _read_igraph(g) -> None:
    return (g.get_edgelist(), [g.vs[a] for a in g.vs.attributes()],
            [g.es[a] for a in g.es.attributes()])


def run_size(n_edges: int) -> list[dict]:
    import netmix

    edges, nodes = cached_graph(n_edges)
    rng = np.random.default_rng(1)
    edges = edges.assign(duration=rng.integers(20, 3600, len(edges)).astype(float))
    g = netmix.from_edges(edges, nodes, node_id="id")
    G = g.to_networkx()
    h = g.to_igraph()
    h.vs["name"] = h.vs["id"]
    del h.vs["id"]
    rows = []
    for lib, foreign, read, convert in [
        ("networkx", G, _read_networkx, netmix.from_networkx),
        ("igraph", h, _read_igraph, netmix.from_igraph),
    ]:
        t_read = best_time(lambda f=foreign, r=read: r(f))
        t_conv = best_time(lambda f=foreign, c=convert: c(f))
        rows.append({"edges": g.n_edges, "library": lib, "read_s": t_read,
                     "convert_s": t_conv, "ratio": t_conv / t_read})
        print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6])
    args = p.parse_args(argv)
    rows = [r for n in args.sizes for r in run_size(int(n))]
    md = ("# Converting foreign graphs\n\n" + TARGET + "\n\n"
          + markdown_table(rows, ["edges", "library", "read_s", "convert_s", "ratio"]))
    write_results("convert", rows, md)
    print(md)


if __name__ == "__main__":
    main()
