"""Disclosure control for published count tables: primary and secondary suppression, and audit.

A count table is published with its margins: row totals, column totals and the grand total.
Cells counting fewer people than a threshold are hidden (primary suppression). Hiding them is
not enough: the totals let a reader work a hidden cell out, or narrow it down, by arithmetic.
:func:`suppress` therefore hides further cells (secondary suppression) until the audit shows
that every hidden cell keeps a wide enough range of values consistent with everything
published.

The audit (:func:`audit`) is the attack a careful reader can make, as sdcTable's ``attack()``
and tau-Argus's audit do: for each hidden cell it solves two linear programs, the smallest and
the largest value the cell can take given the published cells and totals, the additivity of
rows and columns and that counts are not negative. For a two-way table with margins the
constraint matrix is totally unimodular, so these bounds are attained by whole numbers: the
linear-programming interval is exactly the integer attacker's interval.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from mentorlib.model import MentorlibError, ValidationError

__all__ = ["CellStatus", "SuppressedTable", "audit", "suppress", "with_margins"]

TOTAL = "Total"
_TIME_LIMIT_MS = 20_000  # per linear program; each is tiny and solves in milliseconds


class CellStatus(enum.StrEnum):
    """Whether a cell of a table is published, or hidden and why."""

    PUBLISHED = "published"
    PRIMARY = "primary"
    """Hidden because it counts fewer people than the threshold."""
    SECONDARY = "secondary"
    """Hidden so that the primary cells cannot be worked out from the totals."""


def with_margins(table: pd.DataFrame, *, total: str = TOTAL) -> pd.DataFrame:
    """Return ``table`` with a ``total`` column of row sums and a ``total`` row of column sums.

    A table of one column gets only the total row (a total column would repeat the column),
    and a table of one row only the total column.

    >>> import pandas as pd
    >>> with_margins(pd.DataFrame({"f": [3, 9], "m": [7, 1]}, index=["Oslo", "Bergen"]))
            f   m  Total
    Oslo    3   7     10
    Bergen  9   1     10
    Total  12   8     20
    """
    frame = _counts(table)
    if frame.shape[1] > 1:
        frame[total] = frame.sum(axis=1)
    if frame.shape[0] > 1:
        frame.loc[total] = frame.sum(axis=0)
    return frame


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValidationError(
            "expected a non-empty DataFrame of counts", record="suppress", field="table"
        )
    values = table.to_numpy()
    try:
        numbers = values.astype(np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            "every cell of a count table is a whole number", record="suppress", field="table"
        ) from None
    if np.any(~np.isfinite(numbers)) or np.any(numbers < 0) or np.any(numbers % 1 != 0):
        raise ValidationError(
            "every cell of a count table is a whole number of at least 0",
            record="suppress",
            field="table",
        )
    return pd.DataFrame(numbers.astype(np.int64), index=table.index, columns=table.columns)


Relation = tuple[list[int], int]
"""An additive relation between counts: the parts (their indices) add up to the whole."""


def _relations(index: pd.Index, columns: pd.Index, total: str) -> list[Relation]:
    """Return the additive relations of a table with margins over its cells, row by row."""
    width = len(columns)
    rows = [i for i, label in enumerate(index) if label != total]
    cols = [j for j, label in enumerate(columns) if label != total]
    total_row = next((i for i, label in enumerate(index) if label == total), None)
    total_col = next((j for j, label in enumerate(columns) if label == total), None)
    relations = []
    if total_col is not None:
        for i in range(len(index)):
            relations.append(([i * width + j for j in cols], i * width + total_col))
    if total_row is not None:
        for j in range(len(columns)):
            relations.append(([i * width + j for i in rows], total_row * width + j))
    return relations


def _bounds(
    values: npt.NDArray[np.float64],
    hidden: npt.NDArray[np.bool_],
    relations: list[Relation],
    targets: Iterable[int],
) -> dict[int, tuple[float, float]]:
    """Return the attacker's interval of each target hidden count (linear programming, GLOP)."""
    from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

    cells = [int(c) for c in np.flatnonzero(hidden)]

    def build(*, ray: bool) -> tuple[Any, dict[int, Any]]:
        # ray=False: the counts consistent with what is published, x >= 0.
        # ray=True: the directions the counts can move in without end, A r = 0, 0 <= r <= 1.
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
            raise MentorlibError("OR-Tools' GLOP solver is not available")
        solver.SetTimeLimit(_TIME_LIMIT_MS)
        high = 1.0 if ray else solver.infinity()
        variables = {cell: solver.NumVar(0.0, high, f"x{cell}") for cell in cells}
        for parts, whole in relations:
            if not any(hidden[c] for c in [*parts, whole]):
                continue
            expression = sum(
                (variables[c] if hidden[c] else (0.0 if ray else float(values[c]))) for c in parts
            ) - (variables[whole] if hidden[whole] else (0.0 if ray else float(values[whole])))
            solver.Add(expression == 0)
        return solver, variables

    def optimise(model: tuple[Any, dict[int, Any]], cell: int, *, maximise: bool) -> float | None:
        solver, variables = model
        objective = solver.Objective()
        objective.Clear()
        objective.SetCoefficient(variables[cell], 1.0)
        if maximise:
            objective.SetMaximization()
        else:
            objective.SetMinimization()
        status = solver.Solve()
        return float(objective.Value()) if status == pywraplp.Solver.OPTIMAL else None

    models = {False: build(ray=False), True: build(ray=True)}

    def solve(cell: int, *, ray: bool, maximise: bool) -> float:
        value = optimise(models[ray], cell, maximise=maximise)
        if value is None:
            # GLOP re-solves from the last basis; should that warm start fail, solve the same
            # problem once more from scratch before giving up.
            models[ray] = build(ray=ray)
            value = optimise(models[ray], cell, maximise=maximise)
        if value is None:
            raise ValidationError(
                "the published cells and totals do not add up, so no table fits them; "
                "check the margins",
                record="audit",
            )
        return value

    result = {}
    for cell in targets:
        low = float(round(solve(cell, ray=False, maximise=False)))
        # The largest value is unbounded exactly when some direction that keeps every
        # published total raises this cell (the feasible set is not empty: the true table).
        if solve(cell, ray=True, maximise=True) > 0.5:
            result[cell] = (low, math.inf)
        else:
            result[cell] = (low, float(round(solve(cell, ray=False, maximise=True))))
    return result


def audit(published: pd.DataFrame, *, total: str = TOTAL) -> pd.DataFrame:
    """Return, for each hidden cell of a published table, the interval a reader can derive.

    ``published`` is the table as published, margins included (a row and/or column labelled
    ``total``), hidden cells missing (``NA`` or ``nan``). The result has one row per hidden
    cell (``row``, ``column``) with ``lower``, ``upper`` (``inf`` when nothing bounds it) and
    ``width``. A width of 0 means the cell can be worked out exactly.

    Examples
    --------
    Hiding one cell of a row does not protect it: the row total gives it away.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": [2, 8], "b": [6, 9], "Total": [8, 17]},
    ...                      index=["x", "y"], dtype="Int64")
    >>> table.loc["Total"] = [10, 15, 25]
    >>> table.loc["x", "a"] = pd.NA
    >>> audit(table)
      row column  lower  upper  width
    0   x      a    2.0    2.0    0.0
    """
    frame = published.astype("Float64")
    hidden = frame.isna().to_numpy().ravel()
    values = frame.fillna(0).to_numpy(dtype=np.float64).ravel()
    relations = _relations(frame.index, frame.columns, total)
    cells = [int(c) for c in np.flatnonzero(hidden)]
    bounds = _bounds(values, hidden, relations, cells) if cells else {}
    width = frame.shape[1]
    rows = [
        {
            "row": frame.index[cell // width],
            "column": frame.columns[cell % width],
            "lower": bounds[cell][0],
            "upper": bounds[cell][1],
            "width": bounds[cell][1] - bounds[cell][0],
        }
        for cell in cells
    ]
    return pd.DataFrame(rows, columns=["row", "column", "lower", "upper", "width"])


@attrs.frozen(eq=False)
class SuppressedTable:
    """A count table with margins, and which of its cells are hidden.

    ``values`` holds every true count and must not be published; ``published`` is the table to
    publish (hidden cells ``<NA>``), :meth:`to_text` the same with a marker, and :meth:`audit`
    the proof that the hidden cells are protected.
    """

    values: pd.DataFrame
    status: pd.DataFrame
    threshold: int
    protection: int
    total: str

    @property
    def published(self) -> pd.DataFrame:
        """The table to publish: hidden cells are ``<NA>``."""
        shown = self.values.astype("Int64")
        return shown.mask(self.status != CellStatus.PUBLISHED.value)

    def to_text(self, *, marker: str = ":") -> pd.DataFrame:
        """Return the table to publish as text, hidden cells shown as ``marker`` (SSB's ``:``)."""
        text = self.values.astype(str)
        return text.mask(self.status != CellStatus.PUBLISHED.value, marker)

    @property
    def hidden(self) -> int:
        """How many cells are hidden."""
        return int((self.status != CellStatus.PUBLISHED.value).to_numpy().sum())

    def audit(self) -> pd.DataFrame:
        """Return :func:`audit` of the published table with each cell's status and true value.

        ``required`` is the width each hidden cell needs: ``protection`` for a primary cell,
        1 for a secondary one (not exactly recoverable); ``protected`` says whether it has it.
        """
        result = audit(self.published, total=self.total)
        if result.empty:
            return result.assign(status=[], value=[], required=[], protected=[])
        where = list(zip(result["row"], result["column"], strict=True))
        status = [str(self.status.at[r, c]) for r, c in where]
        result["status"] = status
        result["value"] = [int(str(self.values.at[r, c])) for r, c in where]
        result["required"] = [
            self.protection if s == CellStatus.PRIMARY.value else 1 for s in status
        ]
        result["protected"] = result["width"] >= result["required"]
        return result

    def __repr__(self) -> str:
        primary = int((self.status == CellStatus.PRIMARY.value).to_numpy().sum())
        secondary = int((self.status == CellStatus.SECONDARY.value).to_numpy().sum())
        return (
            f"SuppressedTable({self.values.shape[0]}×{self.values.shape[1]} with margins, "
            f"{primary} primary and {secondary} secondary cells hidden, threshold "
            f"{self.threshold})"
        )


def suppress(
    table: pd.DataFrame,
    *,
    threshold: int = 5,
    protection: int | None = None,
    margins: bool = True,
    hide_zeros: bool = False,
    total: str = TOTAL,
) -> SuppressedTable:
    """Return ``table`` with small cells hidden and enough others that none can be worked out.

    Parameters
    ----------
    table
        Counts of people (whole numbers), without margins unless ``margins=False``.
    threshold
        Primary suppression: a cell (margins included) counting 1 to ``threshold - 1`` people is
        hidden. 5 by default; Statistics Norway uses 3.
    protection
        The narrowest interval a reader may derive for a primary cell: ``upper - lower`` at
        least this (``threshold`` by default). A secondary cell must not be recoverable
        exactly (width at least 1).
    margins
        Add row, column and grand totals (:func:`with_margins`); ``False`` when ``table``
        already has them, labelled ``total``.
    hide_zeros
        Also treat empty cells as small. By default zeros are published (a zero says nobody
        is in the cell, and hiding it tells little).
    total
        The label of the margins.

    Secondary suppression is greedy and checked by the audit. First, every row or column
    with exactly one hidden cell (which its total would give away) gets a second one, chosen
    to complete another such line where possible, else by cost: cells inside the table before
    totals, non-zero before zero, then the smallest count. Then, while the audit finds a hidden
    cell narrower than it must be, the published cell of their rows and columns that most
    reduces the total shortfall is hidden (the first by cost that removes it). Hiding a cell
    never narrows another's interval, so the search ends, at worst with everything hidden;
    the result is protected, though not always with the fewest hidden cells.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"female": [12, 3, 9], "male": [10, 8, 7]},
    ...                       index=["Oslo", "Bergen", "Trondheim"])
    >>> result = suppress(counts)
    >>> result.to_text()
              female male Total
    Oslo          12   10    22
    Bergen         :    :    11
    Trondheim      :    :    16
    Total         24   25    49
    >>> result.audit()[["row", "column", "status", "lower", "upper", "protected"]]
             row  column     status  lower  upper  protected
    0     Bergen  female    primary    0.0   11.0       True
    1     Bergen    male  secondary    0.0   11.0       True
    2  Trondheim  female  secondary    1.0   12.0       True
    3  Trondheim    male  secondary    4.0   15.0       True
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValidationError(
            f"threshold is a whole number of at least 1, got {threshold!r}",
            record="suppress",
            field="threshold",
        )
    need = threshold if protection is None else protection
    if isinstance(need, bool) or not isinstance(need, int) or need < 1:
        raise ValidationError(
            f"protection is a whole number of at least 1, got {protection!r}",
            record="suppress",
            field="protection",
        )
    full = with_margins(table, total=total) if margins else _counts(table)
    values = full.to_numpy(dtype=np.float64).ravel()
    primary = (values >= (0 if hide_zeros else 1)) & (values < threshold)
    is_margin = np.zeros(full.shape, dtype=bool)
    is_margin[np.asarray(full.index == total), :] = True
    is_margin[:, np.asarray(full.columns == total)] = True
    hidden = _protect(
        values,
        primary,
        np.zeros(values.shape, dtype=bool),
        is_margin.ravel(),
        _relations(full.index, full.columns, total),
        need,
    )
    primary = primary.reshape(full.shape)
    hidden = hidden.reshape(full.shape)
    status = np.where(
        primary,
        CellStatus.PRIMARY.value,
        np.where(hidden, CellStatus.SECONDARY.value, CellStatus.PUBLISHED.value),
    )
    return SuppressedTable(
        full,
        pd.DataFrame(status, index=full.index, columns=full.columns),
        threshold,
        need,
        total,
    )


def _protect(
    values: npt.NDArray[np.float64],
    primary: npt.NDArray[np.bool_],
    internal: npt.NDArray[np.bool_],
    is_margin: npt.NDArray[np.bool_],
    relations: list[Relation],
    need: int,
) -> npt.NDArray[np.bool_]:
    """Return which counts to hide: the primary ones and enough others to protect them.

    The counts are related by ``relations``. An ``internal`` count is never published (a part
    the published counts are sums of) and needs no protection. See :func:`suppress`.
    """
    hidden = primary | internal
    members_of = [[*parts, whole] for parts, whole in relations]

    def cost(cell: int) -> tuple[bool, bool, float, int]:
        return (bool(is_margin[cell]), bool(values[cell] == 0), float(values[cell]), cell)

    def close_singletons() -> None:
        # A line with exactly one hidden count gives it away: hide a partner, preferring one
        # that also completes another such line.
        while True:
            lonely = [
                m
                for m in members_of
                if sum(bool(hidden[c]) for c in m) == 1 and not any(internal[c] for c in m)
            ]
            if not lonely:
                return
            counts: dict[int, int] = {}
            for line in lonely:
                for c in line:
                    if not hidden[c]:
                        counts[c] = counts.get(c, 0) + 1
            choices = [c for c in lonely[0] if not hidden[c]]
            if not choices:  # pragma: no cover - a line of one cell cannot be lonely
                return
            pick = min(choices, key=lambda c: (-counts.get(c, 0), cost(c)))
            hidden[pick] = True

    def required(cell: int) -> int:
        return need if primary[cell] else 0 if internal[cell] else 1

    def reach(cells: list[int]) -> set[int]:
        # The cells and the internal counts linked to them: the published counts that bound a
        # cell through an internal one are as near to it as those sharing a line with it.
        found, todo = set(cells), list(cells)
        while todo:
            cell = todo.pop()
            for line in members_of:
                if cell in line:
                    new = {c for c in line if internal[c]} - found
                    found |= new
                    todo += new
        return found

    def shortfall(mask: npt.NDArray[np.bool_], cells: list[int]) -> float:
        found = _bounds(values, mask, relations, cells)
        return sum(max(required(c) - (found[c][1] - found[c][0]), 0.0) for c in cells)

    while True:
        close_singletons()
        cells = [int(c) for c in np.flatnonzero(hidden & ~internal)]
        if not cells:
            break
        bounds = _bounds(values, hidden, relations, cells)
        failing = [c for c in cells if bounds[c][1] - bounds[c][0] < required(c)]
        if not failing:
            break
        near = sorted(
            {
                c
                for m in members_of
                if any(r in m for r in reach(failing))
                for c in m
                if not hidden[c]
            },
            key=cost,
        )
        if not near:
            near = sorted((int(c) for c in np.flatnonzero(~hidden)), key=cost)
        best, best_gap = near[0], math.inf
        for candidate in near:
            trial = hidden.copy()
            trial[candidate] = True
            gap = shortfall(trial, failing)
            if gap < best_gap:
                best, best_gap = candidate, gap
            if gap == 0:
                break
        hidden[best] = True
    return hidden
