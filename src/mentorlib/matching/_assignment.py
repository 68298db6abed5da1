"""Problems without quotas as a linear-sum assignment, solved by scipy's sparse LAPJV.

Without group bounds the cheapest maximum flow of :mod:`._flow` is a rectangular assignment:
every mentor becomes one column per place left (capacity less locked pairs), and every mentee
with pairs becomes a row. A mentee that may end up unmatched also gets a column of its own that
stands for "unmatched", at a cost dearer than any difference the pairs can make, so one more
match always beats any gain in score. scipy's ``min_weight_full_bipartite_matching`` (LAPJVsp)
solves that exactly, several times faster than the flow at 1,000–5,000 a side. Larger
problems, whose expanded columns would take too much memory, are left to the flow's pricing.
"""

from __future__ import annotations

import numpy as np

from ._pairs import BoolArray, Index, IntArray
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
    pairs = _open_pairs(problem, usable, room)
    if len(pairs) == len(mentor):  # every pair (the usual case): no copies needed
        pair_mentee, pair_mentor, pair_gain = mentee, mentor, gain
    else:
        pair_mentee, pair_mentor, pair_gain = mentee[pairs], mentor[pairs], gain[pairs]
    # No mentor can take more than its candidates: a place for a thousand gets as many columns
    # as it has candidate mentees, not a thousand.
    candidates = np.bincount(pair_mentor, minlength=m)
    room = np.minimum(room, candidates)
    if int(room @ candidates) > _MAX_EDGES:  # one entry per pair and place of its mentor
        return None
    if not _grouped(pair_mentee):  # candidate pairs come grouped by mentee; others may not
        order = np.argsort(pair_mentee, kind="stable")
        pairs, pair_mentee, pair_mentor = pairs[order], pair_mentee[order], pair_mentor[order]
        pair_gain = pair_gain[order]
    costs = _costs(pair_gain)
    # The unmatched cost puts the number matched first; among assignments matching as many,
    # the + 1 per pair in the costs adds the same to each, so it changes no comparison.
    unmatched_cost = n * int(costs.max(initial=0)) + 1  # dearer than any change in the pairs
    if n * unmatched_cost >= _EXACT:
        return None

    chosen = locked.copy()
    if len(pairs):
        places = _Places(pair_mentee, pair_mentor, room)
        chosen[pairs[places.solve(costs, unmatched_cost)]] = True
    total = int(gain[chosen].sum())
    return SolverOutput(chosen, optimal=True, bound_gain=total, backend="assignment")


def _open_pairs(problem: SolverInput, usable: BoolArray, room: IntArray) -> IntArray:
    """Positions of the pairs still to decide: usable, not locked, mentor with room left."""
    mentee, mentor, locked = problem.mentee, problem.mentor, problem.locked
    if usable.all() and room.all() and not locked.any():  # the usual case: every pair
        return np.arange(len(mentee))
    open_pair = usable & (room[mentor] > 0)
    if locked.any():
        free_mentee = np.bincount(mentee[locked], minlength=problem.n_mentees) == 0
        open_pair &= ~locked & free_mentee[mentee]
    return np.flatnonzero(open_pair)


def _costs(gains: IntArray) -> IntArray:
    """Turn gains into the positive costs LAPJV minimises (a stored zero would be no edge).

    Costs share their greatest common divisor: dividing it out keeps every comparison and
    keeps the unmatched cost small enough for exact float sums.
    """
    if not len(gains):
        return gains
    costs = int(gains.max()) - gains
    divisor = int(np.gcd.reduce(costs[:64]))  # usually 1 already: then no pass over all
    if divisor != 1:
        divisor = int(np.gcd.reduce(costs)) or 1
    if divisor > 1:
        costs //= divisor
    costs += 1
    return costs


def _grouped(mentee: Index) -> bool:
    """Whether each mentee's pairs come together, in order of mentee."""
    return len(mentee) < 2 or bool((mentee[1:] >= mentee[:-1]).all())


class _Places:
    """The capacity-expanded matrix of pairs grouped by mentee, and its optimal assignment.

    A row per mentee with pairs, a column per place: mentor ``j`` has ``room[j]`` columns from
    ``first[j]`` on, and each pair has one entry per place of its mentor, at the pair's cost.
    The entries are in CSR order from the start (rows in the pairs' order), so no sort is needed.
    """

    def __init__(self, mentee: Index, mentor: Index, room: IntArray) -> None:
        n_pairs = len(mentee)
        new_row = np.empty(n_pairs, dtype=np.bool_)
        new_row[0] = True
        np.not_equal(mentee[1:], mentee[:-1], out=new_row[1:])
        self.row = np.cumsum(new_row, dtype=np.int32) - 1  # each pair's row
        self.n_rows = int(self.row[-1]) + 1
        self.n_places = int(room.sum())
        self.first = (np.cumsum(room) - room).astype(np.int32)[mentor]  # each pair's first column
        self.places = room[mentor].astype(np.int32)
        ends = np.cumsum(self.places, dtype=np.int32)  # where each pair's entries end
        # The k-th entry of a pair is its mentor's k-th column.
        self.columns = np.repeat(self.first - (ends - self.places), self.places)
        self.columns += np.arange(int(ends[-1]), dtype=np.int32)
        self.indptr = np.zeros(self.n_rows + 1, dtype=np.int32)
        self.indptr[1:] = ends[np.append(np.flatnonzero(new_row[1:]), n_pairs - 1)]

    def solve(self, costs: IntArray, unmatched_cost: int) -> IntArray:
        """Return the positions (among the pairs) of an optimal assignment's pairs.

        Rows that some maximum matching leaves out get an unmatched column of their own at
        ``unmatched_cost``; only they can be unmatched in an optimum, and the fewer columns the
        less work for LAPJV.
        """
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import min_weight_full_bipartite_matching

        data = np.repeat(costs.astype(np.float64), self.places)
        rows = np.flatnonzero(self._may_stay_unmatched())
        at = self.indptr[rows + 1]  # each such row's unmatched entry comes last
        added = np.zeros(self.n_rows + 1, dtype=np.int32)
        added[rows + 1] = 1
        matrix = csr_matrix(
            (
                np.insert(data, at, float(unmatched_cost)),
                np.insert(self.columns, at, self.n_places + np.arange(len(rows), dtype=np.int32)),
                self.indptr + np.cumsum(added, dtype=np.int32),
            ),
            shape=(self.n_rows, self.n_places + len(rows)),
        )
        # Every row is matched: to a place of one of its pairs, or to its unmatched column
        # (numbered after the places, so no pair's place range holds it).
        _, column = min_weight_full_bipartite_matching(matrix)
        offset = column[self.row] - self.first
        chosen: IntArray = np.flatnonzero(offset.astype(np.uint32) < self.places.astype(np.uint32))
        return chosen

    def _may_stay_unmatched(self) -> BoolArray:
        """Rows that some maximum matching of rows to places leaves out.

        Take one maximum matching (Hopcroft–Karp). Its unmatched rows, and every row an
        alternating path reaches from them (any entry to a column, then the row matched to
        that column), are unmatched in some maximum matching; no other row is (Gallai–Edmonds).
        """
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import maximum_bipartite_matching

        structure = csr_matrix(
            (np.ones(len(self.columns), dtype=np.int8), self.columns, self.indptr),
            shape=(self.n_rows, self.n_places),
        )
        column_of_row = maximum_bipartite_matching(structure, perm_type="column")
        matched = column_of_row >= 0
        row_of_column = np.full(self.n_places, -1, dtype=np.int64)
        row_of_column[column_of_row[matched]] = np.flatnonzero(matched)
        reached: BoolArray = ~matched
        frontier = np.flatnonzero(reached)
        while len(frontier):
            counts = self.indptr[frontier + 1] - self.indptr[frontier]
            entries = np.repeat(self.indptr[frontier] - (np.cumsum(counts) - counts), counts)
            entries += np.arange(len(entries), dtype=entries.dtype)
            rows = row_of_column[self.columns[entries]]  # all matched: the matching is maximum
            frontier = np.unique(rows[~reached[rows]])
            reached[frontier] = True
        return reached
