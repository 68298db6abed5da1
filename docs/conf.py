"""Sphinx configuration for the mentorlib documentation.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html``. The build needs no
network: intersphinx is deliberately not used.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

project = "mentorlib"
author = "The mentorlib developers"
copyright = "the mentorlib developers"

try:
    release = version("mentorlib")
except PackageNotFoundError:  # building from a tree where mentorlib is not installed
    release = "0.0.0+unknown"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# -- MyST ----------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# -- autodoc and napoleon (numpy-style docstrings) ---------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"mentorlib {release}"


# -- a small fix-up ------------------------------------------------------------------------------
# With autodoc_typehints = "description", autodoc describes a class from its __init__ and drops the
# "-> None" return type, but it does so for ``class`` entries only: an exception would show
# "Return type: None". Remove that field from exception entries (their own fields only, not those
# of their methods).


def _drop_exception_return_type(app, domain, objtype, contentnode):
    if domain != "py" or objtype != "exception":
        return
    from docutils import nodes

    for field_list in [c for c in contentnode.children if isinstance(c, nodes.field_list)]:
        for field in list(field_list.children):
            name, body = field.children[0].astext(), field.children[1].astext()
            if name == "rtype" and body.strip() == "None":
                field_list.remove(field)
        if not field_list.children:
            contentnode.remove(field_list)


def setup(app):
    # After sphinx.ext.autodoc.typehints.merge_typehints (default priority 500).
    app.connect("object-description-transform", _drop_exception_return_type, priority=600)
