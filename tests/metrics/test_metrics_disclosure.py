"""Suppression and its audit: the LP attack checked against scipy's linprog and by brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mentorlib.metrics import CellStatus, audit, suppress, with_margins
from mentorlib.model import ValidationError


def _oracle(published: pd.DataFrame, total: str = "Total") -> dict[tuple, tuple[float, float]]:
    """The attacker's intervals, solved independently with scipy's HiGHS."""
    frame = published.astype("Float64")
    hidden = [(r, c) for r in frame.index for c in frame.columns if pd.isna(frame.at[r, c])]
    position = {cell: k for k, cell in enumerate(hidden)}
    rows_a, rows_b = [], []
    inner_rows = [r for r in frame.index if r != total]
    inner_cols = [c for c in frame.columns if c != total]
    lines = []
    if total in frame.columns:
        lines += [([(r, c) for c in inner_cols], (r, total)) for r in frame.index]
    if total in frame.index:
        lines += [([(r, c) for r in inner_rows], (total, c)) for c in frame.columns]
    for parts, whole in lines:
        coefficients = np.zeros(len(hidden))
        constant = 0.0
        for cell, sign in [*((p, 1.0) for p in parts), (whole, -1.0)]:
            if cell in position:
                coefficients[position[cell]] += sign
            else:
                constant += sign * float(frame.at[cell])
        if coefficients.any():
            rows_a.append(coefficients)
            rows_b.append(-constant)
    result = {}
    for cell, k in position.items():
        ends = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(hidden))
            objective[k] = sense
            solved = linprog(
                objective,
                A_eq=np.array(rows_a) if rows_a else None,
                b_eq=np.array(rows_b) if rows_b else None,
                bounds=[(0, None)] * len(hidden),
                method="highs",
            )
            if solved.status == 3:  # unbounded
                ends.append(math.inf)
            else:
                assert solved.status == 0, solved.message
                ends.append(round(sense * solved.fun, 6))
        result[cell] = (ends[0], ends[1])
    return result


def _random_table(draw_rows, draw_cols, values):
    return pd.DataFrame(
        np.array(values).reshape(draw_rows, draw_cols),
        index=[f"r{i}" for i in range(draw_rows)],
        columns=[f"c{j}" for j in range(draw_cols)],
    )


tables = st.integers(1, 4).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda c: st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=r * c, max_size=r * c
        ).map(lambda v: _random_table(r, c, v))
    )
)


def test_a_lone_hidden_cell_is_given_away_by_its_total():
    published = with_margins(pd.DataFrame({"a": [2, 8], "b": [6, 9]})).astype("Int64")
    published.iloc[0, 0] = pd.NA
    result = audit(published)
    assert result[["lower", "upper", "width"]].iloc[0].tolist() == [2.0, 2.0, 0.0]


def test_audit_of_a_rectangle():
    published = with_margins(
        pd.DataFrame({"a": [3, 8, 5], "b": [6, 9, 7]}, index=["x", "y", "z"])
    ).astype("Int64")
    for cell in [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")]:
        published.loc[cell] = pd.NA
    result = audit(published).set_index(["row", "column"])
    assert result.loc[("x", "a"), ["lower", "upper"]].tolist() == [0.0, 9.0]
    assert result.loc[("y", "b"), ["lower", "upper"]].tolist() == [6.0, 15.0]
    oracle = _oracle(published)
    for (row, column), (low, high) in oracle.items():
        assert result.loc[(row, column), ["lower", "upper"]].tolist() == [low, high]


def test_hidden_grand_total_leaves_cells_unbounded():
    published = pd.DataFrame({"n": [pd.NA, pd.NA, 7, pd.NA]}, index=["a", "b", "c", "Total"])
    result = audit(published.astype("Int64"))
    assert result["upper"].tolist() == [math.inf] * 3
    assert result["lower"].tolist() == [0.0, 0.0, 7.0]


def test_inconsistent_totals_are_refused():
    published = with_margins(pd.DataFrame({"a": [2, 8], "b": [6, 9]})).astype("Int64")
    published.iloc[0, 0] = pd.NA
    published.iloc[0, 2] = 1  # the row total is less than its published cell
    with pytest.raises(ValidationError, match="do not add up"):
        audit(published)


@settings(max_examples=40)
@given(tables)
def test_audit_matches_scipy_linprog(table):
    full = with_margins(table).astype("Int64")
    rng = np.random.default_rng(int(table.to_numpy().sum()))
    mask = rng.random(full.shape) < 0.4
    published = full.mask(mask)
    ours = audit(published)
    oracle = _oracle(published)
    assert len(ours) == len(oracle)
    for row in ours.itertuples():
        assert (row.lower, row.upper) == oracle[(row.row, row.column)]


@settings(max_examples=50)
@given(tables, st.sampled_from([3, 5]))
def test_after_suppression_no_hidden_cell_is_recoverable_or_narrow(table, threshold):
    result = suppress(table, threshold=threshold)
    values = result.values
    status = result.status
    small = ((values > 0) & (values < threshold)).to_numpy()
    assert (status.to_numpy()[small] == CellStatus.PRIMARY.value).all()
    published = result.published
    # Everything published is true; everything hidden is at least protected as required.
    shown = published.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(shown)
    assert (shown[known] == values.to_numpy()[known]).all()
    checked = result.audit()
    assert checked["protected"].all(), checked
    # The proof is independent of our LP: scipy's HiGHS finds the same intervals.
    oracle = _oracle(published)
    for row in checked.itertuples():
        assert (row.lower, row.upper) == oracle[(row.row, row.column)]
        assert row.lower <= row.value <= row.upper
        if row.status == CellStatus.PRIMARY.value:
            assert row.upper - row.lower >= threshold
        else:
            assert row.upper > row.lower


def test_brute_force_on_a_tiny_table_agrees_with_the_audit():
    table = pd.DataFrame({"a": [2, 6], "b": [7, 1]}, index=["x", "y"])
    result = suppress(table, threshold=3)
    full = result.values.to_numpy()
    hidden = [tuple(c) for c in np.argwhere(result.published.isna().to_numpy())]
    assert hidden
    feasible: dict[tuple, list[int]] = {cell: [] for cell in hidden}
    for guess in itertools.product(range(int(full[-1, -1]) + 1), repeat=len(hidden)):
        trial = full.copy()
        for cell, value in zip(hidden, guess, strict=True):
            trial[cell] = value
        inner = trial[:-1, :-1]
        if (
            (inner.sum(axis=1) == trial[:-1, -1]).all()
            and (inner.sum(axis=0) == trial[-1, :-1]).all()
            and trial[-1, :-1].sum() == trial[-1, -1]
            and trial[:-1, -1].sum() == trial[-1, -1]
        ):
            for cell, value in zip(hidden, guess, strict=True):
                feasible[cell].append(value)
    checked = result.audit()
    for row in checked.itertuples():
        cell = (
            list(result.values.index).index(row.row),
            list(result.values.columns).index(row.column),
        )
        values = feasible[cell]
        assert [row.lower, row.upper] == [min(values), max(values)]


def test_threshold_options_and_zeros():
    table = pd.DataFrame({"a": [0, 3, 10], "b": [12, 9, 8]})
    assert suppress(table, threshold=3).hidden == 0
    assert suppress(table, threshold=5).hidden >= 4
    hidden_zero = suppress(table, threshold=5, hide_zeros=True)
    assert hidden_zero.status.iloc[0, 0] == CellStatus.PRIMARY.value
    assert "primary" in repr(suppress(table))
    text = suppress(table).to_text(marker="x")
    assert (text == "x").to_numpy().sum() == suppress(table).hidden
    with pytest.raises(ValidationError, match="threshold"):
        suppress(table, threshold=0)
    with pytest.raises(ValidationError, match="whole number"):
        suppress(pd.DataFrame({"a": [1.5]}))


def test_a_single_column_table_has_only_a_total_row():
    result = suppress(pd.DataFrame({"n": [12, 3, 20]}, index=["a", "b", "c"]))
    assert list(result.values.index) == ["a", "b", "c", "Total"]
    assert list(result.values.columns) == ["n"]
    assert result.audit()["protected"].all()
    assert result.hidden == 2


def test_a_row_labelled_as_the_margins_is_refused():
    """A row called "Total" would be overwritten by the column sums: refused, not mangled."""
    counts = pd.DataFrame({"f": [6, 7], "m": [8, 9]}, index=["Oslo", "Total"])
    with pytest.raises(ValidationError, match="labelled 'Total'"):
        with_margins(counts)
    with pytest.raises(ValidationError, match="labelled 'Total'"):
        suppress(counts)
    assert suppress(counts, total="All").to_text().loc["All", "All"] == "30"
