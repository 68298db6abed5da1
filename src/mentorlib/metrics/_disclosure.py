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
from collections.abc import Iterable, Sequence
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
    and a table of one row only the total column. A row or column already labelled ``total``
    (a municipality called "Total") is refused: the margins would overwrite it, or be taken
    for it. Rename it, or pass another ``total``.

    >>> import pandas as pd
    >>> with_margins(pd.DataFrame({"f": [3, 9], "m": [7, 1]}, index=["Oslo", "Bergen"]))
            f   m  Total
    Oslo    3   7     10
    Bergen  9   1     10
    Total  12   8     20
    """
    frame = _counts(table)
    if total in frame.index or total in frame.columns:
        raise ValidationError(
            f"a row or column is labelled {total!r}, as the margins are: rename it or pass "
            "another total=",
            record="suppress",
            field="table",
        )
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
"""An additive relation between counts: the parts (their indices) add up to the whole, or, as
a bound, add up to at most the whole (the parts count people of the whole, not all of them)."""

_EPSILON = 1e-6  # linear programs are solved in floating point


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


class _Attack:
    """The reader's linear programs over related counts, built once and re-solved (GLOP).

    Every count is a variable; which are hidden only changes the variables' bounds (a
    published count is fixed at its value), so trying one more hidden count re-solves the
    same models from their last basis instead of building new ones.
    """

    def __init__(
        self,
        values: npt.NDArray[np.float64],
        relations: Sequence[Relation],
        at_most: Sequence[Relation] = (),
    ) -> None:
        self.values = values
        self.relations = list(relations)
        self.at_most = list(at_most)
        self.models = {False: self._build(ray=False), True: self._build(ray=True)}
        # Which counts each model has as hidden; None: its bounds are not set yet.
        self.hidden: dict[bool, npt.NDArray[np.bool_] | None] = {False: None, True: None}

    def _build(self, *, ray: bool) -> tuple[Any, list[Any]]:
        # ray=False: the counts consistent with what is published, x >= 0.
        # ray=True: the directions the counts can move in without end, 0 <= r <= 1 with
        # A r = 0 and C r <= 0 (the rays of {x >= 0: A x = b, C x <= d}).
        from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
            raise MentorlibError("OR-Tools' GLOP solver is not available")
        solver.SetTimeLimit(_TIME_LIMIT_MS)
        variables = [solver.NumVar(0.0, 0.0, f"x{k}") for k in range(len(self.values))]
        for equal, lines in ((True, self.relations), (False, self.at_most)):
            for parts, whole in lines:
                expression = sum(variables[c] for c in parts) - variables[whole]
                solver.Add(expression == 0 if equal else expression <= 0)
        return solver, variables

    def _hide(self, ray: bool, hidden: npt.NDArray[np.bool_]) -> None:
        solver, variables = self.models[ray]
        before = self.hidden.get(ray)
        changed = (
            range(len(variables)) if before is None else np.flatnonzero(before != hidden).tolist()
        )
        infinity = 1.0 if ray else solver.infinity()
        for c in changed:
            if hidden[c]:
                variables[c].SetBounds(0.0, infinity)
            else:
                fixed = 0.0 if ray else float(self.values[c])
                variables[c].SetBounds(fixed, fixed)
        self.hidden[ray] = hidden.copy()

    def _optimise(self, ray: bool, cell: int, *, maximise: bool) -> float | None:
        from ortools.linear_solver import pywraplp

        solver, variables = self.models[ray]
        objective = solver.Objective()
        objective.Clear()
        objective.SetCoefficient(variables[cell], 1.0)
        if maximise:
            objective.SetMaximization()
        else:
            objective.SetMinimization()
        status = solver.Solve()
        return float(objective.Value()) if status == pywraplp.Solver.OPTIMAL else None

    def _solve(self, cell: int, *, ray: bool, maximise: bool) -> float:
        value = self._optimise(ray, cell, maximise=maximise)
        if value is None:
            # GLOP re-solves from the last basis; should that warm start fail, solve the same
            # problem once more from scratch before giving up.
            hidden = self.hidden[ray]
            self.models[ray] = self._build(ray=ray)
            self.hidden[ray] = None
            assert hidden is not None
            self._hide(ray, hidden)
            value = self._optimise(ray, cell, maximise=maximise)
        if value is None:
            raise ValidationError(
                "the published cells and totals do not add up, so no table fits them; "
                "check the margins",
                record="audit",
            )
        return value

    def bounds(
        self, hidden: npt.NDArray[np.bool_], targets: Iterable[int], *, whole: bool = True
    ) -> dict[int, tuple[float, float]]:
        """Return the reader's interval of each target hidden count.

        The interval is the linear-programming one with its ends rounded inwards to whole
        numbers (a count is whole, so a reader can round too), or as solved when not
        ``whole``; the upper end is ``inf`` when nothing bounds the count.
        """
        targets = list(targets)
        if not targets:
            return {}
        self._hide(False, hidden)
        self._hide(True, hidden)
        result = {}
        for cell in targets:
            low = self._solve(cell, ray=False, maximise=False)
            if whole:
                low = float(math.ceil(low - _EPSILON))
            # The largest value is unbounded exactly when some direction that keeps every
            # published count raises this one (the feasible set is not empty: the truth).
            if self._solve(cell, ray=True, maximise=True) > _EPSILON:
                result[cell] = (low, math.inf)
            else:
                high = self._solve(cell, ray=False, maximise=True)
                if whole:
                    high = float(math.floor(high + _EPSILON))
                result[cell] = (low, max(high, low))
        return result

    def width(self, hidden: npt.NDArray[np.bool_], cell: int) -> float:
        """Return the width of the reader's interval of one hidden count (``inf``: unbounded)."""
        self._hide(False, hidden)
        self._hide(True, hidden)
        if self._solve(cell, ray=True, maximise=True) > _EPSILON:
            return math.inf
        low = float(math.ceil(self._solve(cell, ray=False, maximise=False) - _EPSILON))
        high = float(math.floor(self._solve(cell, ray=False, maximise=True) + _EPSILON))
        return max(high - low, 0.0)


def _bounds(
    values: npt.NDArray[np.float64],
    hidden: npt.NDArray[np.bool_],
    relations: list[Relation],
    targets: Iterable[int],
    at_most: Sequence[Relation] = (),
) -> dict[int, tuple[float, float]]:
    """Return the attacker's interval of each target hidden count (see :class:`_Attack`).

    ``relations`` are equalities (the parts add up to the whole), ``at_most`` bounds (the
    parts add up to at most the whole).
    """
    return _Attack(values, relations, at_most).bounds(hidden, targets)


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
        The label of the margins. With ``margins=True`` no row or column of ``table`` may have
        it (:func:`with_margins` refuses such a table).

    Secondary suppression is greedy and checked by the audit. First, every row or column
    with exactly one hidden cell (which its total would give away) gets a second one, chosen
    to complete another such line where possible, else by cost: cells inside the table before
    totals, non-zero before zero, then the smallest count. Then, while the audit finds a
    primary cell narrower than ``protection``, the published cell of their rows and columns
    that most reduces the total shortfall is hidden (the first by cost that removes it).
    Hiding a cell never narrows another's interval, so the search ends, at worst with
    everything hidden. Last, a secondary cell the published ones pin down exactly is published
    after all: a reader can work it out, so hiding it protects nothing, and publishing it
    narrows nothing. The result is protected, though not always with the fewest hidden
    cells.

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
    at_most: Sequence[Relation] = (),
) -> npt.NDArray[np.bool_]:
    """Return which counts to hide: the primary ones and enough others to protect them.

    The counts are related by ``relations`` (equalities) and ``at_most`` (bounds). An
    ``internal`` count is never published (a part the published counts are sums of) and needs
    no protection. Cells are hidden until every primary count is protected; then every
    secondary count the published ones pin down exactly is published after all (it tells a
    reader nothing new, and so narrows nothing). See :func:`suppress`.
    """
    hidden = primary | internal
    equal_lines = [[*parts, whole] for parts, whole in relations]
    members_of = equal_lines + [[*parts, whole] for parts, whole in at_most]
    lines_of: dict[int, list[int]] = {}
    for k, line in enumerate(members_of):
        for c in line:
            lines_of.setdefault(c, []).append(k)
    attack = _Attack(values, relations, at_most)

    def cost(cell: int) -> tuple[bool, bool, float, int]:
        return (bool(is_margin[cell]), bool(values[cell] == 0), float(values[cell]), cell)

    def close_singletons() -> None:
        # A line (an equality) with exactly one hidden count gives it away: hide a partner,
        # preferring one that also completes another such line. A bound only narrows a count:
        # the audit sees to that.
        while True:
            lonely = [
                m
                for m in equal_lines
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

    def reach(cells: list[int]) -> set[int]:
        # The cells and the internal counts linked to them: the published counts that bound a
        # cell through an internal one are as near to it as those sharing a line with it.
        found, todo = set(cells), list(cells)
        while todo:
            cell = todo.pop()
            for k in lines_of.get(cell, []):
                new = {c for c in members_of[k] if internal[c]} - found
                found |= new
                todo += new
        return found

    def shortfall(mask: npt.NDArray[np.bool_], cells: list[int], enough: float) -> float:
        # How much narrower than they must be the cells are, summed; stops at ``enough``.
        gap = 0.0
        for c in cells:
            gap += max(need - attack.width(mask, c), 0.0)
            if gap >= enough:
                break
        return gap

    failing = [int(c) for c in np.flatnonzero(primary)]
    while True:
        close_singletons()
        # Hiding more never narrows an interval: a count protected once stays protected.
        failing = [c for c in failing if attack.width(hidden, c) < need]
        if not failing:
            break
        near = sorted(
            {
                c
                for r in reach(failing)
                for k in lines_of.get(r, [])
                for c in members_of[k]
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
            gap = shortfall(trial, failing, best_gap)
            if gap < best_gap:
                best, best_gap = candidate, gap
            if gap == 0:
                break
        hidden[best] = True
    secondary = [int(c) for c in np.flatnonzero(hidden & ~primary & ~internal)]
    if secondary:
        exact = attack.bounds(hidden, secondary, whole=False)
        for c in secondary:
            if exact[c][1] - exact[c][0] <= _EPSILON:
                hidden[c] = False
    return hidden
