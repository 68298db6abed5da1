"""Side constraints a flow cannot hold, as a mixed-integer program solved by HiGHS (via scipy).

The matching polytope is almost integral, so HiGHS's linear relaxations bound these problems
tightly and its branch and bound proves them where CP-SAT, over the same pairs, does not (at
1,000×1,000 with two quotas on one side: proven in seconds, where CP-SAT's answer after 30 s
matched 6 % fewer and proved nothing). The objective is lexicographic, so it is solved in two
stages: the most matched, then, with that many matched, the highest total gain.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import numpy.typing as npt

from ._pairs import BoolArray, FloatArray, IntArray
from ._solve import SolverInput, SolverOutput, holds, most_gain_of, tightened, value_of

__all__ = ["solve_milp"]

_INFEASIBLE = 2  # scipy.optimize.milp's status when no assignment can meet the constraints


class Infeasible(Exception):  # noqa: N818 (a signal, caught by the caller, never shown)
    """HiGHS proved that no assignment meets every constraint."""


def solve_milp(
    problem: SolverInput,
    usable: BoolArray,
    *,
    time_limit: float | None,
    start: BoolArray,
    ceiling: tuple[int, int] | None,
) -> SolverOutput | None:
    """Solve with HiGHS: the most matched, then the highest gain, under every constraint.

    ``ceiling`` (matched, gain) bounds every assignment from above, as in
    :func:`~._solve.solve_cp_sat`. When the time limit stops HiGHS, the better of its answer
    and ``start`` (if that keeps every constraint) is returned, not optimal. Return None when
    neither keeps every constraint (HiGHS works to a tolerance): CP-SAT solves then. Raise
    :class:`Infeasible` when HiGHS proves no assignment can.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, vstack

    deadline = None if time_limit is None else time.monotonic() + time_limit
    index = np.flatnonzero(usable | problem.locked)
    n_pairs = len(problem.mentee)

    def answer(x: FloatArray | None, optimal: bool, gain_bound: int) -> SolverOutput | None:
        chosen = None
        if x is not None:
            chosen = np.zeros(n_pairs, dtype=np.bool_)
            chosen[index[x > 0.5]] = True
            if not holds(problem, usable, chosen):
                chosen = None
        better = chosen is None or value_of(problem, start) > value_of(problem, chosen)
        if not optimal and better and holds(problem, usable, start):
            chosen = start
        if chosen is None:
            return None
        if not optimal:
            gain_bound = tightened(gain_bound, chosen, ceiling)
        return SolverOutput(chosen, optimal=optimal, bound_gain=gain_bound, backend="milp")

    if not len(index):  # HiGHS needs a variable: the only assignment is the empty one
        if not holds(problem, usable, np.zeros(n_pairs, dtype=np.bool_)):
            raise Infeasible
        return answer(np.zeros(0), True, 0)
    rows, low, high = _constraint_rows(problem, index)
    bounds = Bounds(problem.locked[index].astype(np.float64), 1.0)
    ones = np.ones(len(index))

    def solve(objective: FloatArray, matrix: Any, lo: FloatArray, hi: FloatArray) -> Any:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return None  # HiGHS would read the whole model in before it looks at a clock
        # HiGHS's presolve finds next to nothing to remove from a matching (29 of 1.1 million
        # columns at 5,000 a side) but took 144 s there, deaf to the time limit; without it
        # the 1,000 a side quotas solve in 3 s instead of 6.
        options = {
            "mip_rel_gap": 0.0,
            "presolve": False,
            **({} if left is None else {"time_limit": left}),
        }
        return milp(
            -objective,
            constraints=LinearConstraint(matrix, lo, hi),
            integrality=ones,
            bounds=bounds,
            options=options,
        )

    most_gain = most_gain_of(problem, index)
    most_matched = solve(ones, rows, low, high)
    if most_matched is not None and most_matched.status == _INFEASIBLE:
        raise Infeasible
    if most_matched is None or most_matched.status != 0:  # out of time: the gain not worked on
        return answer(None if most_matched is None else most_matched.x, False, most_gain)
    matched = float(np.rint(most_matched.x).sum())
    best_gain = solve(
        problem.gain[index].astype(np.float64),
        vstack([rows, csr_matrix(ones)], format="csr"),
        np.append(low, matched),
        np.append(high, matched),
    )
    if best_gain is not None and best_gain.status == 0:
        return answer(best_gain.x, True, int(np.rint(best_gain.x) @ problem.gain[index]))
    if best_gain is None or best_gain.x is None:  # out of time: the gain not worked on
        return answer(most_matched.x, False, most_gain)
    return answer(best_gain.x, False, int(np.floor(-best_gain.mip_dual_bound + 1e-6)))


def _constraint_rows(problem: SolverInput, index: IntArray) -> tuple[Any, FloatArray, FloatArray]:
    """Return the sparse rows and their lower and upper limits, over the pairs in ``index``."""
    from scipy.sparse import csr_matrix

    n = len(index)
    columns = np.arange(n)
    mentee, mentor = problem.mentee[index], problem.mentor[index]
    blocks: list[tuple[npt.NDArray[np.integer[Any]], int, npt.ArrayLike, npt.ArrayLike]] = [
        (mentee, problem.n_mentees, np.zeros(problem.n_mentees), np.ones(problem.n_mentees)),
        (mentor, problem.n_mentors, np.zeros(problem.n_mentors), problem.capacity),
    ]
    for group in problem.group_limits:
        group_of = group.groups[mentee if group.side == "mentee" else mentor]
        blocks.append((group_of, len(group.labels), group.minimum, group.maximum))
    row_parts, column_parts, value_parts, lows, highs = [], [], [], [], []
    offset = 0
    for row_of, count, lo, hi in blocks:
        member = row_of >= 0
        row_parts.append(offset + row_of[member])
        column_parts.append(columns[member])
        value_parts.append(np.ones(int(member.sum())))
        lows.append(np.asarray(lo, dtype=np.float64))
        highs.append(np.asarray(hi, dtype=np.float64))
        offset += count
    position = np.full(len(problem.mentee), -1, dtype=np.int64)
    position[index] = columns
    for bound in problem.bounds:
        at = position[bound.pairs]
        kept = at >= 0
        row_parts.append(np.full(int(kept.sum()), offset))
        column_parts.append(at[kept])
        value_parts.append(bound.coefficients[kept].astype(np.float64))
        lows.append(np.array([-np.inf if bound.at_least is None else bound.at_least], float))
        highs.append(np.array([np.inf if bound.at_most is None else bound.at_most], float))
        offset += 1
    matrix = csr_matrix(
        (np.concatenate(value_parts), (np.concatenate(row_parts), np.concatenate(column_parts))),
        shape=(offset, n),
    )
    return matrix, np.concatenate(lows), np.concatenate(highs)
