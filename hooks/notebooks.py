"""MkDocs hook: every notebook cell runs under a deadline, and a failure
names the notebook and the cell.

mkdocs-jupyter executes notebooks with nbclient, whose default cell timeout
is none: a cell that hangs would hang `make site` for ever. This sets one
(NOTEBOOK_CELL_TIMEOUT seconds, 120 unless the environment says otherwise).
"""

import os

import mkdocs_jupyter.convert as convert
import mkdocs_jupyter.nbconvert2 as nbconvert2
from nbconvert.preprocessors import ExecutePreprocessor

CELL_TIMEOUT = int(os.environ.get("NOTEBOOK_CELL_TIMEOUT", "120"))


class NotebookCellFailed(RuntimeError):
    pass


_make_app = nbconvert2.get_nbconvert_app
_nb2html = convert.nb2html
_preprocess_cell = ExecutePreprocessor.preprocess_cell


def app_with_deadline(*args, **kwargs):
    app = _make_app(*args, **kwargs)
    app.config["ExecutePreprocessor"]["timeout"] = CELL_TIMEOUT
    return app


def preprocess_cell_naming_it(self, cell, resources, index):
    try:
        return _preprocess_cell(self, cell, resources, index)
    except Exception as error:
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        raise NotebookCellFailed(f"cell {index + 1} ({first_line!r}): "
                                 f"{type(error).__name__}: {error}") from error


def nb2html_naming_it(nb_path, *args, **kwargs):
    try:
        return _nb2html(nb_path, *args, **kwargs)
    except NotebookCellFailed as error:
        raise NotebookCellFailed(f"{nb_path}, {error}") from None


nbconvert2.get_nbconvert_app = app_with_deadline
convert.nb2html = nb2html_naming_it
ExecutePreprocessor.preprocess_cell = preprocess_cell_naming_it
