"""Sphinx configuration of netmix's documentation.

Build with ``make docs`` (warnings are errors). The notebooks in ``../notebooks`` are kept
without outputs; ``make docs`` first runs those whose executed copy in ``docs/notebooks/``
is missing or older (``docs/execute_notebooks.py --stale``), and the copies are rendered
here as they are (``nb_execution_mode = "off"``), so the Sphinx build itself runs no code
of the notebooks and needs no network. See ``docs/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS))

import apigen  # noqa: E402  (docs/apigen.py)
import validation  # noqa: E402  (docs/validation.py)

import netmix  # noqa: E402

# -- project ----------------------------------------------------------------------------
project = "netmix"
author = "The netmix developers"
copyright = "2026, The netmix developers"
release = netmix.__version__
version = ".".join(release.split(".")[:2])

# -- extensions -------------------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
    "sphinx_copybutton",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "README.md", "jupyter_execute", "**.ipynb_checkpoints"]
root_doc = "index"

# The API reference pages are generated from each subpackage's __all__ (docs/apigen.py).
apigen.write(DOCS / "api")
# The Validation page is generated from the reference registry and the tests.
validation.write(DOCS / "validation.md")

autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autodoc_member_order = "bysource"
autodoc_inherit_docstrings = True

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- notebooks (MyST-NB) ----------------------------------------------------------------
nb_execution_mode = "off"
nb_output_stderr = "show"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# Notebooks are written by several people; their heading levels are not ours to police.
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

NOTEBOOK_SOURCES = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTEBOOK_COPIES = DOCS / "notebooks"
# Executed copies whose source notebook was removed or renamed are not part of the site.
exclude_patterns += [f"notebooks/{p.name}" for p in NOTEBOOK_COPIES.glob("*.ipynb")
                     if not (ROOT / "notebooks" / p.name).exists()]
missing_notebooks = [p.name for p in NOTEBOOK_SOURCES
                     if not (NOTEBOOK_COPIES / p.name).exists()
                     or (NOTEBOOK_COPIES / p.name).stat().st_mtime < p.stat().st_mtime]

# -- HTML -------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"netmix {release}"
html_static_path = ["_static"]
html_css_files = ["netmix.css"]
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
# Pages without sub-pages need no navigation column.
html_sidebars = {page: [] for page in ("index", "install", "tutorial", "indices", "comparison")}
html_show_sourcelink = False
html_last_updated_fmt = None

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True


def _check_notebooks(app) -> None:
    from sphinx.util import logging

    if missing_notebooks:
        logging.getLogger("netmix.docs").warning(
            "no up-to-date executed copy in docs/notebooks/ of %s: run `make docs` or "
            "`make notebooks` (the site renders executed copies and runs no notebook itself)",
            ", ".join(missing_notebooks))


def setup(app):
    app.connect("builder-inited", _check_notebooks)


