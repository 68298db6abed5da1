"""Problems without quotas as a linear-sum assignment, solved by scipy's sparse LAPJV.

Without group bounds the cheapest maximum flow of :mod:`._flow` is a rectangular assignment:
every mentor becomes one column per place left (capacity less locked pairs), and every mentee
gets a column of its own that stands for "unmatched" at a cost dearer than any difference the
pairs can make, so one more match always beats any gain in score. scipy's
``min_weight_full_bipartite_matching`` (LAPJVsp) solves that exactly, several times faster
than the flow at 1,000–5,000 a side. Larger problems, whose expanded columns would take too
much memory, are left to the flow's pricing.
"""

from __future__ import annotations

import numpy as np

from ._pairs import BoolArray, IntArray
from ._solve import SolverInput, SolverOutput

__all__ = ["solve_assignment"]

_MAX_EDGES = 4_000_000
"""Above this many pair-places the expanded matrix costs more memory than the priced flow."""
_EXACT = 2**52
"""Float64 sums of integer costs stay exact below this."""


def solve_assignment(problem: SolverInput, usable: BoolArray) -> SolverOutput | None:
    """Return the optimal assignment, or None when the problem is not one (or too large).

    None means: quotas (group bounds), other bounds, mentors with more locked pairs than
    capacity (the flow explains that), more pair-places than :data:`_MAX_EDGES`, or costs too
    large for exact float arithmetic.
    """
    if problem.group_limits or problem.bounds:
        return None
    n, m = problem.n_mentees, problem.n_mentors
    mentee, mentor, gain = problem.mentee, problem.mentor, problem.gain
    locked = problem.locked
    room = problem.capacity - np.bincount(mentor[locked], minlength=m)
    if (room < 0).any():
        return None
    free_mentee = np.bincount(mentee[locked], minlength=n) == 0
    pairs = np.flatnonzero(usable & ~locked & free_mentee[mentee] & (room[mentor] > 0))
    # No mentor can take more than its candidates: a place for a thousand gets as many columns
    # as it has candidate mentees, not a thousand.
    room = np.minimum(room, np.bincount(mentor[pairs], minlength=m))
    if int(room[mentor[pairs]].sum()) > _MAX_EDGES:
        return None
    pairs = _by_mentee(problem, pairs)
    gains = gain[pairs]
    top = int(gains.max()) if len(gains) else 0
    # Costs share their greatest common divisor: dividing it out keeps every comparison.
    costs = (top - gains) // (int(np.gcd.reduce(top - gains)) or 1) + 1 if len(gains) else gains
    # Costs must be non-zero (a stored zero is no edge), hence the + 1. The unmatched cost puts
    # the number matched first; among assignments matching as many, the + 1 per pair adds the
    # same to each, so it changes no comparison.
    unmatched_cost = n * int(costs.max(initial=0)) + 1  # dearer than any change in the pairs
    if n * unmatched_cost >= _EXACT:
        return None

    chosen = locked.copy()
    if n:
        chosen[_solve_expanded(problem, pairs, costs, room, unmatched_cost)] = True
    total = int(gain[chosen].sum())
    return SolverOutput(chosen, optimal=True, bound_gain=total, backend="assignment")


def _by_mentee(problem: SolverInput, pairs: IntArray) -> IntArray:
    """Group pairs by mentee (candidate pairs usually come so already), keeping their order."""
    mentee = problem.mentee[pairs]
    if len(mentee) < 2 or bool((mentee[1:] >= mentee[:-1]).all()):
        return pairs
    return pairs[np.argsort(mentee, kind="stable")]


def _solve_expanded(
    problem: SolverInput, pairs: IntArray, costs: IntArray, room: IntArray, unmatched_cost: int
) -> IntArray:
    """Solve the capacity-expanded matrix; return the positions of the chosen pairs.

    ``pairs`` are grouped by mentee and unique, so the matrix is built in CSR order directly:
    each mentee's row holds its pairs' places, then its own unmatched column.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n = problem.n_mentees
    mentee = problem.mentee[pairs]
    mentor = problem.mentor[pairs]
    places = room[mentor]
    first_place = np.cumsum(room) - room  # each mentor's first column
    n_places = int(room.sum())

    edge_pair = np.repeat(np.arange(len(pairs)), places)  # one edge per pair and place
    within = np.arange(len(edge_pair)) - np.repeat(np.cumsum(places) - places, places)
    row_starts = np.zeros(n + 1, dtype=np.int64)
    per_row = np.bincount(mentee, weights=places, minlength=n).astype(np.int64)
    np.cumsum(per_row + 1, out=row_starts[1:])
    unmatched_entry = row_starts[1:] - 1
    is_edge = np.ones(len(edge_pair) + n, dtype=np.bool_)
    is_edge[unmatched_entry] = False
    columns = np.empty(len(is_edge), dtype=np.int64)
    columns[is_edge] = first_place[mentor[edge_pair]] + within
    columns[unmatched_entry] = n_places + np.arange(n)
    entry_costs = np.empty(len(is_edge), dtype=np.float64)
    entry_costs[is_edge] = costs[edge_pair]
    entry_costs[unmatched_entry] = unmatched_cost
    matrix = csr_matrix((entry_costs, columns, row_starts), shape=(n, n_places + n))

    # Every row is matched, in row order: row i (mentee i) takes column[i]. Columns are unique
    # within a row, so each row has one entry in that column: the entry chosen.
    _, column = min_weight_full_bipartite_matching(matrix)
    entry_row = np.repeat(np.arange(n, dtype=np.int64), np.diff(row_starts))
    entry = np.flatnonzero(columns == column[entry_row])
    entry = entry[is_edge[entry]]
    chosen: IntArray = pairs[edge_pair[entry - entry_row[entry]]]  # one unmatched entry a row
    return chosen
