"""The network-flow solver behind :func:`~mentorlib.matching.match`, with pricing for size.

Mentees, mentors and (for quotas) group nodes form a network whose cheapest maximum flow is
the best assignment: most people matched, then the highest total score. Quota minimums become
zero-cost arcs of that capacity beside arcs costing ``big`` for the rest, so a cheapest maximum
flow fills every minimum it can; any minimum left unfilled cannot be met by any assignment
(augmenting paths never empty a source arc).

Large problems are solved by *pricing*: the flow is solved over a sample of the pairs (a few
random and a few best per person), then node potentials (shortest distances in the residual
network) price every pair left out. A left-out pair with a negative reduced cost could improve
the flow, so those join the sample and it is solved again; when none is left, linear-programming
duality proves the sample's optimum optimal over all pairs. The sample decides only the speed
and, where several assignments are equally good, which of them is found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np

from mentorlib.model import MentorlibError

from ._pairs import BoolArray, FloatArray, Index, IntArray
from ._problem import GroupBounds
from ._solve import InfeasibleError, SolverInput, SolverOutput

__all__ = ["solve_flow"]

_ARCS_PER_CALL = 2_000_000
"""Pairs handed to the solver (or priced) at once, so int64 copies of millions stay small."""
_PRICING_FROM_PAIRS = 500_000
"""Below this many pairs the whole network solves about as fast as pricing would."""
_SAMPLE_PER_PERSON = 16
"""About this many random pairs per person (per place a mentor has), and best per mentee."""
_PRICING_ROUNDS = 12
_RELAX_ROUNDS = 250
"""Bellman–Ford rounds before giving up on potentials (shortest paths are far shorter)."""
_LARGEST_PRICE = 2**60
"""Potentials and reduced costs must fit in 64 bits: above this, solve the whole network."""


@attrs.frozen
class _Arcs:
    """Arcs as parallel arrays, in the order they are given to the solver."""

    tails: IntArray
    heads: IntArray
    capacities: IntArray
    costs: IntArray

    @classmethod
    def join(cls, parts: list[_Arcs]) -> _Arcs:
        return cls(
            *(
                np.concatenate([getattr(p, f) for p in parts]) if parts else np.zeros(0, np.int64)
                for f in ("tails", "heads", "capacities", "costs")
            )
        )


def _arcs(tails: Any, heads: Any, capacities: Any, costs: Any) -> _Arcs:
    tails = np.asarray(tails, dtype=np.int64)
    return _Arcs(
        tails,
        np.asarray(heads, dtype=np.int64),
        np.broadcast_to(np.asarray(capacities, dtype=np.int64), len(tails)).copy(),
        np.broadcast_to(np.asarray(costs, dtype=np.int64), len(tails)).copy(),
    )


@attrs.frozen
class _Solved:
    """A solved network: the flow on its fixed arcs and on the given pairs' arcs."""

    pairs: IntArray  # positions in the problem of the pairs that had an arc
    fixed_flows: IntArray
    pair_flows: IntArray
    value: int


class _Network:
    """The flow network of one problem; pairs' arcs are added per solve, so any subset works."""

    def __init__(self, problem: SolverInput, usable: BoolArray) -> None:
        n, m = problem.n_mentees, problem.n_mentors
        self.problem = problem
        locked_mentees = np.bincount(problem.mentee[problem.locked], minlength=n)
        locked_mentors = np.bincount(problem.mentor[problem.locked], minlength=m)
        free_mentee = locked_mentees == 0
        self.pairs: IntArray = np.flatnonzero(
            usable & ~problem.locked & free_mentee[problem.mentee]
        )
        gains = problem.gain[self.pairs]
        self.top = int(gains.max()) if len(gains) else 0
        # Costs share their greatest common divisor: dividing it out keeps every comparison
        # and makes the solver's cost scaling shorter.
        self.step = int(np.gcd.reduce(self.top - gains)) or 1 if len(gains) else 1
        top_cost = (self.top - int(gains.min())) // self.step if len(gains) else 0  # dearest
        # ``big`` only matters where minimums exist; elsewhere small costs keep the solver fast.
        big = (n + 1) * (top_cost + 1) + 1 if problem.group_limits else 0
        self.dearest_arc = max(top_cost, big)  # of every arc, a pair's sampled or not

        self.source, self.sink = 0, 1
        self.mentee_node = 2 + np.arange(n, dtype=np.int64)
        self.mentor_node = 2 + n + np.arange(m, dtype=np.int64)
        limits = {g.side: g for g in problem.group_limits}
        next_node = 2 + n + m
        parts: list[_Arcs] = []
        self.lower: list[tuple[int, IntArray, GroupBounds]] = []  # first arc, minimums, group

        def add(arcs: _Arcs) -> int:
            start = sum(len(p.tails) for p in parts)
            parts.append(arcs)
            return start

        # Source side: mentees, grouped or not.
        grouped = np.zeros(n, dtype=np.bool_)
        group = limits.get("mentee")
        if group is not None:
            low, high = _residual_limits(group, locked_mentees, np.ones(n, dtype=np.int64))
            group_node = next_node + np.arange(len(low), dtype=np.int64)
            next_node += len(low)
            grouped = (group.groups >= 0) & free_mentee
            self.lower.append((add(_arcs(np.full(len(low), 0), group_node, low, 0)), low, group))
            add(_arcs(np.full(len(low), 0), group_node, high - low, big))
            add(_arcs(group_node[group.groups[grouped]], self.mentee_node[grouped], 1, 0))
        direct = free_mentee & ~grouped
        add(_arcs(np.full(direct.sum(), 0), self.mentee_node[direct], 1, big))

        # Sink side: mentors, grouped or not, with what locks left of their capacity.
        room = problem.capacity - locked_mentors
        if (room < 0).any():
            who = int(np.flatnonzero(room < 0)[0])
            raise InfeasibleError(
                f"mentor {problem.mentor_labels[who]!r} has more locked pairs than capacity",
                conflicts=("locked pairs",),
            )
        mentor_grouped = np.zeros(m, dtype=np.bool_)
        group = limits.get("mentor")
        if group is not None:
            low, high = _residual_limits(group, locked_mentors, problem.capacity)
            group_node = next_node + np.arange(len(low), dtype=np.int64)
            next_node += len(low)
            mentor_grouped = group.groups >= 0
            add(
                _arcs(
                    self.mentor_node[mentor_grouped],
                    group_node[group.groups[mentor_grouped]],
                    room[mentor_grouped],
                    0,
                )
            )
            self.lower.append((add(_arcs(group_node, np.full(len(low), 1), low, 0)), low, group))
            add(_arcs(group_node, np.full(len(low), 1), high - low, big))
        free = ~mentor_grouped
        add(_arcs(self.mentor_node[free], np.full(free.sum(), 1), room[free], big))

        self.fixed = _Arcs.join(parts)
        self.n_nodes = next_node
        # Dearer than any path through the network can cost (see :meth:`potentials`).
        self.dearest_path = (next_node + 1) * (self.dearest_arc + 1)
        self.supply = int(min(n, max(int(problem.capacity.sum()), 0)))

    def pair_arcs(self, pairs: IntArray) -> _Arcs:
        """Return the arcs of the given pairs (positions in the problem)."""
        problem = self.problem
        return _arcs(
            self.mentee_node[problem.mentee[pairs]],
            self.mentor_node[problem.mentor[pairs]],
            1,
            (self.top - problem.gain[pairs]) // self.step,
        )

    def solve(self, pairs: IntArray) -> _Solved:
        """Return the cheapest maximum flow using only the given pairs' arcs."""
        from ortools.graph.python import min_cost_flow

        flow = min_cost_flow.SimpleMinCostFlow()
        for arcs in (self.fixed, *(self.pair_arcs(part) for part in _slices(pairs))):
            if len(arcs.tails):
                flow.add_arcs_with_capacity_and_unit_cost(
                    arcs.tails, arcs.heads, arcs.capacities, arcs.costs
                )
        flow.set_nodes_supplies(
            np.array([self.source, self.sink]), np.array([self.supply, -self.supply])
        )
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise MentorlibError(f"the min-cost flow solver failed with status {status}")
        flows = flow.flows(np.arange(flow.num_arcs()))
        n_fixed = len(self.fixed.tails)
        return _Solved(pairs, flows[:n_fixed], flows[n_fixed:], int(flow.maximum_flow()))

    def potentials(self, solved: _Solved) -> IntArray | None:
        """Return shortest distances in the residual network of ``solved`` (None: too slow).

        A return arc from sink to source, cheaper than any path is dear, makes a larger flow
        always pay: so the distances also price pairs that would let more people match.
        """
        arcs = _Arcs.join([self.fixed, self.pair_arcs(solved.pairs)])
        flows = np.concatenate([solved.fixed_flows, solved.pair_flows])
        forward, backward = flows < arcs.capacities, flows > 0
        tails = [arcs.tails[forward], arcs.heads[backward]]
        heads = [arcs.heads[forward], arcs.tails[backward]]
        costs = [arcs.costs[forward], -arcs.costs[backward]]
        dear = self.dearest_path
        if solved.value < self.supply:
            tails.append(np.array([self.sink]))
            heads.append(np.array([self.source]))
            costs.append(np.array([-dear]))
        if solved.value > 0:
            tails.append(np.array([self.source]))
            heads.append(np.array([self.sink]))
            costs.append(np.array([dear]))
        return _shortest_distances(
            np.concatenate(tails), np.concatenate(heads), np.concatenate(costs), self.n_nodes
        )

    def entering(
        self, distances: IntArray, sampled: BoolArray, *, ties: bool
    ) -> tuple[BoolArray, BoolArray]:
        """Price the pairs left out: those that could improve the flow, and those to add.

        A pair whose arc has a negative reduced cost could improve the flow. With ``ties``,
        pairs at zero reduced cost are added too: they are the next to turn negative as the
        flow changes, so adding them early saves rounds. Masks are over :attr:`pairs`.
        """
        problem = self.problem
        # A pair's arc runs from its mentee's node to its mentor's: gather per person, once.
        at_mentee, at_mentor = distances[self.mentee_node], distances[self.mentor_node]
        improving = np.zeros(len(self.pairs), dtype=np.bool_)
        adding = np.zeros(len(self.pairs), dtype=np.bool_)
        for first in range(0, len(self.pairs), _ARCS_PER_CALL):
            part = slice(first, first + _ARCS_PER_CALL)
            pairs = self.pairs[part]
            reduced = (self.top - problem.gain[pairs]) // self.step
            reduced += at_mentee[problem.mentee[pairs]]
            reduced -= at_mentor[problem.mentor[pairs]]
            left_out = ~sampled[part]
            improving[part] = (reduced < 0) & left_out
            adding[part] = (reduced <= 0) & left_out if ties else improving[part]
        return improving, adding

    def sample(self) -> BoolArray:
        """Mark a first sample of :attr:`pairs`: a few random ones per person, a few best.

        Random pairs make a sample in which almost everyone can be matched; each mentee's
        best pairs (a few, where many tie) start the score near its optimum.
        """
        problem, pairs = self.problem, self.pairs
        mentee, mentor = problem.mentee[pairs], problem.mentor[pairs]
        gain = problem.gain[pairs]
        n, m = problem.n_mentees, problem.n_mentors
        wanted = float(_SAMPLE_PER_PERSON)
        per_mentor = wanted * problem.capacity.astype(np.float64)
        chance = np.maximum(
            _share(wanted, np.bincount(mentee, minlength=n))[mentee],
            _share(per_mentor, np.bincount(mentor, minlength=m))[mentor],
        )
        best = np.full(n, np.iinfo(np.int64).min)
        np.maximum.at(best, mentee, gain)
        is_best = gain == best[mentee]
        tied = np.bincount(mentee[is_best], minlength=n)
        chance[is_best] = np.maximum(chance[is_best], _share(wanted, tied)[mentee[is_best]])
        return np.asarray(_uniform(mentee, mentor) < chance)

    def output(self, solved: _Solved) -> SolverOutput:
        """Check the quota minimums and turn the flow into chosen pairs."""
        for start, low, group in self.lower:
            filled = solved.fixed_flows[start : start + len(low)]
            short = np.flatnonzero(filled < low)
            if len(short):
                details = ", ".join(
                    f"{group.labels[int(k)]!r} needs {int(group.minimum[k])}" for k in short
                )
                raise InfeasibleError(
                    f"{group.name}: minimum cannot be met ({details})", conflicts=(group.name,)
                )
        chosen = self.problem.locked.copy()
        chosen[solved.pairs[solved.pair_flows > 0]] = True
        total = int(self.problem.gain[chosen].sum())
        return SolverOutput(chosen, optimal=True, bound_gain=total, backend="flow")


def solve_flow(problem: SolverInput, usable: BoolArray) -> SolverOutput:
    """Solve with OR-Tools' min-cost flow: the maximum flow of minimum cost is optimal."""
    network = _Network(problem, usable)
    if len(network.pairs) < _PRICING_FROM_PAIRS or network.dearest_path > _LARGEST_PRICE:
        return network.output(network.solve(network.pairs))
    return network.output(_solve_by_pricing(network))


def _solve_by_pricing(network: _Network) -> _Solved:
    """Solve over a growing sample of pairs until no pair left out could improve the flow."""
    sampled = network.sample()
    for round_ in range(_PRICING_ROUNDS):
        solved = network.solve(network.pairs[sampled])
        distances = network.potentials(solved)
        if distances is None:
            break
        improving, adding = network.entering(distances, sampled, ties=round_ > 0)
        if not improving.any():
            return solved
        sampled |= adding
    return network.solve(network.pairs)


def _shortest_distances(
    tails: IntArray, heads: IntArray, costs: IntArray, n_nodes: int
) -> IntArray | None:
    """Bellman–Ford from a virtual root joined to every node at no cost, one array pass a round.

    Return None when distances still change after ``_RELAX_ROUNDS`` rounds.
    """
    distances = np.zeros(n_nodes, dtype=np.int64)
    if not len(heads):
        return distances
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, first = np.unique(heads, return_index=True)
    for _ in range(_RELAX_ROUNDS):
        offered = np.minimum.reduceat(distances[tails] + costs, first)
        better = offered < distances[targets]
        if not better.any():
            return distances
        distances[targets[better]] = offered[better]
    return None


def _uniform(mentee: Index, mentor: Index) -> FloatArray:
    """Return a fixed pseudo-random number in [0, 1) per pair (a mix of its two positions)."""
    x = (mentee.astype(np.uint64) << np.uint64(32)) | mentor.astype(np.uint64)
    for shift, factor in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        x ^= x >> np.uint64(shift)
        x *= np.uint64(factor)
    x ^= x >> np.uint64(31)
    return np.asarray((x >> np.uint64(11)).astype(np.float64) / float(1 << 53))


def _share(wanted: float | FloatArray, available: IntArray) -> FloatArray:
    """Return the chance to keep each of ``available`` items so about ``wanted`` stay."""
    return np.asarray(wanted / np.maximum(available, 1))


def _slices(positions: IntArray) -> Iterator[IntArray]:
    for first in range(0, len(positions), _ARCS_PER_CALL):
        yield positions[first : first + _ARCS_PER_CALL]


def _residual_limits(
    group: GroupBounds, locked_per_person: IntArray, room_per_person: IntArray
) -> tuple[IntArray, IntArray]:
    """Bounds left for each group once locked pairs are counted; refuse impossible minimums."""
    inside = group.groups >= 0
    room = np.bincount(
        group.groups[inside], weights=room_per_person[inside], minlength=len(group.labels)
    ).astype(np.int64)
    short = np.flatnonzero(group.minimum > np.minimum(group.maximum, room))
    if len(short):
        k = int(short[0])
        raise InfeasibleError(
            f"{group.name}: {group.labels[k]!r} needs at least {int(group.minimum[k])} but has "
            f"room for {int(room[k])} and a maximum of {int(group.maximum[k])}",
            conflicts=(group.name,),
        )
    taken = np.bincount(
        group.groups[inside], weights=locked_per_person[inside], minlength=len(group.labels)
    ).astype(np.int64)
    over = np.flatnonzero(taken > group.maximum)
    if len(over):
        label = group.labels[int(over[0])]
        raise InfeasibleError(
            f"{group.name}: locked pairs already put {int(taken[over[0]])} in {label!r}, above "
            f"its maximum {int(group.maximum[over[0]])}",
            conflicts=(group.name, "locked pairs"),
        )
    return np.maximum(group.minimum - taken, 0), group.maximum - taken
