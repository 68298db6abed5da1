"""Problems without quotas as a linear-sum assignment, solved by scipy's sparse LAPJV.

Without group bounds the cheapest maximum flow of :mod:`._flow` is a rectangular assignment:
every mentor becomes one column per place left (capacity less locked pairs), and every mentee
with pairs becomes a row with a column of its own that stands for "unmatched" at a cost dearer
than any difference the pairs can make, so one more match always beats any gain in score. scipy's
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
    open_pair = usable & (room[mentor] > 0)
    if locked.any():
        free_mentee = np.bincount(mentee[locked], minlength=n) == 0
        open_pair &= ~locked & free_mentee[mentee]
    pairs = np.flatnonzero(open_pair)
    # No mentor can take more than its candidates: a place for a thousand gets as many columns
    # as it has candidate mentees, not a thousand.
    candidates = np.bincount(mentor[pairs], minlength=m)
    room = np.minimum(room, candidates)
    if int(room @ candidates) > _MAX_EDGES:  # one entry per pair and place of its mentor
        return None
    pairs = _by_mentee(problem, pairs)
    places = room[mentor[pairs]]
    costs = _costs(gain[pairs])
    # The unmatched cost puts the number matched first; among assignments matching as many,
    # the + 1 per pair in the costs adds the same to each, so it changes no comparison.
    unmatched_cost = n * int(costs.max(initial=0)) + 1  # dearer than any change in the pairs
    if n * unmatched_cost >= _EXACT:
        return None

    chosen = locked.copy()
    if n:
        chosen[_solve_expanded(problem, pairs, places, costs, room, unmatched_cost)] = True
    total = int(gain[chosen].sum())
    return SolverOutput(chosen, optimal=True, bound_gain=total, backend="assignment")


def _costs(gains: IntArray) -> IntArray:
    """Turn gains into the positive costs LAPJV minimises (a stored zero would be no edge).

    Costs share their greatest common divisor: dividing it out keeps every comparison and
    keeps the unmatched cost small enough for exact float sums.
    """
    if not len(gains):
        return gains
    costs = int(gains.max()) - gains
    divisor = int(np.gcd.reduce(costs)) or 1
    if divisor > 1:
        costs //= divisor
    costs += 1
    return costs


def _by_mentee(problem: SolverInput, pairs: IntArray) -> IntArray:
    """Group pairs by mentee (candidate pairs usually come so already), keeping their order."""
    mentee = problem.mentee[pairs]
    if len(mentee) < 2 or bool((mentee[1:] >= mentee[:-1]).all()):
        return pairs
    return pairs[np.argsort(mentee, kind="stable")]


def _solve_expanded(
    problem: SolverInput,
    pairs: IntArray,
    places: IntArray,
    costs: IntArray,
    room: IntArray,
    unmatched_cost: int,
) -> IntArray:
    """Solve the capacity-expanded matrix; return the positions of the chosen pairs.

    ``pairs`` are grouped by mentee and unique, and ``places[k]`` is how many columns pair k's
    mentor has, so the matrix is built in CSR order directly: each row holds one entry per place
    of each of its mentee's pairs, then the row's own unmatched column. Mentees without pairs get
    no row (they stay unmatched): LAPJV's work grows with rows times columns.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    mentor = problem.mentor[pairs]
    first_place = np.cumsum(room) - room  # each mentor's first column
    if int(places.sum()) == len(pairs):  # one place a pair: an edge is a pair
        edge_pair = np.arange(len(pairs))
        edge_column = first_place[mentor]
    else:
        edge_pair = np.repeat(np.arange(len(pairs)), places)
        # The k-th edge of a pair is its mentor's k-th column.
        edge_column = np.repeat(first_place[mentor] - (np.cumsum(places) - places), places)
        edge_column += np.arange(len(edge_pair))
    edge_mentee = problem.mentee[pairs][edge_pair]
    edge_row = np.cumsum(np.diff(edge_mentee, prepend=-1) != 0) - 1  # rows: mentees with pairs
    n = int(edge_row[-1]) + 1 if len(edge_row) else 0
    if not n:
        return pairs[:0]
    # Row i starts after the edges and the unmatched entries of the rows before it.
    row_starts = np.searchsorted(edge_row, np.arange(n + 1)) + np.arange(n + 1)
    entry = np.arange(len(edge_pair)) + edge_row
    n_places = int(room.sum())
    columns = np.empty(len(edge_pair) + n, dtype=np.int32)
    columns[entry] = edge_column
    columns[row_starts[1:] - 1] = n_places + np.arange(n)
    entry_costs = np.empty(len(columns), dtype=np.float64)
    entry_costs[entry] = costs[edge_pair]
    entry_costs[row_starts[1:] - 1] = unmatched_cost
    matrix = csr_matrix((entry_costs, columns, row_starts), shape=(n, n_places + n))

    # Every row is matched: row i takes column[i], either a place of one of its mentee's pairs
    # (one edge of that row has it) or its unmatched column (no edge has it).
    _, column = min_weight_full_bipartite_matching(matrix)
    chosen: IntArray = pairs[edge_pair[edge_column == column[edge_row]]]
    return chosen
