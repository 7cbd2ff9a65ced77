"""Small data sets shipped with netmix."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pandas as pd

from ..graph import SocialGraph
from ..io._missing import MISSING_TOKENS
from ..io.sociopatterns import read_sociopatterns
from ..measures.mixing import MixingMatrix
from .simulate import SimulatedSurvey, simulate_contacts, simulate_survey

__all__ = ["EXAMPLE_SEED", "example_paths", "load_example", "load_example_survey",
           "load_race_mixing", "write_example"]

#: Seed of the bundled simulated example.
EXAMPLE_SEED = 2013
_FILES = {"contacts": "example_contacts.dat", "metadata": "example_metadata.txt",
          "egos": "example_egos.csv", "alters": "example_alters.csv"}


def _data(name: str) -> Path:
    return Path(str(resources.files("netmix.datasets") / "data" / name))


def load_race_mixing() -> MixingMatrix:
    """Race of sexual partners in the San Francisco AMEN study (Catania et al. 1992).

    The counts behind Newman's (2003) Table I: 1,958 couples, rows the man's race, columns
    the woman's (black, hispanic, white, other), as the table prints them (R netseg's
    ``Catania`` data is likewise man by woman). Their nominal assortativity is r = 0.621
    (Newman 2003, p. 3; 0.621446 with the asymmetric formula of eq. 2).

    Returns
    -------
    MixingMatrix
        Directed (rows: men, columns: women).

    References
    ----------
    Catania J. A. et al. (1992). Prevalence of AIDS-related risk factors and condom use in
    the United States. Science 258, 1101-1106. Newman M. E. J. (2003). Mixing patterns in
    networks. Phys. Rev. E 67, 026126, Table I. doi:10.1103/PhysRevE.67.026126. The same
    counts are R netseg's ``Catania`` data.

    Examples
    --------
    >>> m = load_race_mixing()
    >>> m.total, m.row_attr, m.col_attr
    (1958.0, 'men', 'women')
    """
    table = pd.read_csv(_data("race_mixing_catania1992.csv"), index_col=0,
                        keep_default_na=False)
    return MixingMatrix.from_array(table, directed=True, row_attr="men", col_attr="women")


def example_paths() -> dict[str, Path]:
    """Paths of the bundled simulated example files (contacts, metadata, egos, alters).

    Examples
    --------
    >>> paths = example_paths()
    >>> sorted(paths), paths["contacts"].name
    (['alters', 'contacts', 'egos', 'metadata'], 'example_contacts.dat')
    """
    return {k: _data(v) for k, v in _FILES.items()}


def load_example(**options) -> SocialGraph:
    """The bundled simulated workplace: 150 people in 6 departments, one day of contacts.

    Made by :func:`simulate_contacts` with ``seed=EXAMPLE_SEED`` and stored in the
    SocioPatterns format (``example_contacts.dat``, ``example_metadata.txt``), so loading it
    exercises the same readers as real data. Node attribute ``department``.

    Examples
    --------
    >>> g = load_example()
    >>> g.n_nodes, sorted(g.nodes["department"].unique())
    (150, ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'])
    """
    paths = example_paths()
    g = read_sociopatterns(paths["contacts"], paths["metadata"],
                           metadata_columns=["department"], **options)
    return g.with_provenance({"step": "dataset", "name": "netmix simulated example",
                              "simulator": "netmix.datasets.simulate_contacts",
                              "seed": EXAMPLE_SEED}, first=True)


def load_example_survey() -> SimulatedSurvey:
    """The contact-diary survey with trust outcome that goes with :func:`load_example`.

    Made by :func:`simulate_survey` with ``seed=EXAMPLE_SEED``; ``truth`` holds the
    data-generating effect of out-group contact on trust.

    Examples
    --------
    >>> survey = load_example_survey()
    >>> survey.egos.shape, survey.alters.shape, survey.truth["trust_effect"]
    ((150, 5), (746, 4), 1.5)
    >>> list(survey.egos.columns)
    ['ego', 'department', 'outgroup_share', 'trust', 'trust_5pt']
    """
    paths = example_paths()
    # netmix's one missing-value policy, not pandas' list (see netmix.io.MISSING_TOKENS)
    egos = pd.read_csv(paths["egos"], keep_default_na=False, na_values=list(MISSING_TOKENS))
    alters = pd.read_csv(paths["alters"], keep_default_na=False,
                         na_values=list(MISSING_TOKENS))
    defaults = simulate_survey.__kwdefaults__
    truth = {k: defaults[k] for k in ("trust_intercept", "trust_effect", "noise_sd")}
    return SimulatedSurvey(egos, alters, truth, {"seed": EXAMPLE_SEED + 1})


def write_example(directory: str | os.PathLike, seed: int = EXAMPLE_SEED) -> dict[str, Path]:
    """Regenerate the example files in ``directory`` (how the bundled files were made).

    Examples
    --------
    The bundled files are reproduced byte for byte:

    >>> import filecmp, tempfile
    >>> paths = write_example(tempfile.mkdtemp())
    >>> all(filecmp.cmp(paths[k], example_paths()[k], shallow=False) for k in paths)
    True
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    sim = simulate_contacts(seed=seed)
    survey = simulate_survey(sim, seed=seed + 1)
    paths = {k: out / v for k, v in _FILES.items()}
    sim.contacts.to_csv(paths["contacts"], sep=" ", header=False, index=False, lineterminator="\n")
    sim.nodes.to_csv(paths["metadata"], sep="\t", header=False, lineterminator="\n")
    survey.egos.round(6).to_csv(paths["egos"], index=False, lineterminator="\n")
    survey.alters.to_csv(paths["alters"], index=False, lineterminator="\n")
    return paths
