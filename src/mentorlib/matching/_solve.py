"""The two solvers behind :func:`~mentorlib.matching.match`: network flow and CP-SAT.

Both maximise, in this order: the number of matched mentees, then the total score (integer
``gain`` per pair, which includes a seeded tie-break below the score's resolution). Side
constraints that partition one side into groups with bounds, and locked pairs, stay a network
flow (OR-Tools' min-cost flow, proven optimal); any other bound needs CP-SAT.
"""

from __future__ import annotations

import os

import attrs
import numpy as np
import numpy.typing as npt

from mentorlib.model import MentorlibError

from ._pairs import BoolArray, Index, IntArray
from ._problem import Bound, GroupBounds

__all__ = ["InfeasibleError", "SolverInput", "SolverOutput", "solve_cp_sat", "solve_flow"]


_ARCS_PER_CALL = 2_000_000


class InfeasibleError(MentorlibError, ValueError):
    """The side constraints cannot all hold; ``conflicts`` names those that clash."""

    def __init__(self, message: str, *, conflicts: tuple[str, ...]) -> None:
        self.conflicts = conflicts
        super().__init__(message)


@attrs.frozen
class SolverInput:
    """A matching problem reduced to arrays."""

    n_mentees: int
    n_mentors: int
    mentee: Index = attrs.field(eq=False)
    mentor: Index = attrs.field(eq=False)
    gain: IntArray = attrs.field(eq=False)
    capacity: IntArray = attrs.field(eq=False)
    locked: BoolArray = attrs.field(eq=False)
    group_limits: tuple[GroupBounds, ...]
    bounds: tuple[Bound, ...]
    mentee_labels: tuple[str, ...]
    mentor_labels: tuple[str, ...]

    @property
    def is_flow(self) -> bool:
        """Whether a network flow can express the constraints."""
        sides = [g.side for g in self.group_limits]
        return not self.bounds and len(sides) == len(set(sides))


@attrs.frozen
class SolverOutput:
    """Which pairs were chosen, and how good the solver proved the choice to be."""

    chosen: BoolArray = attrs.field(eq=False)
    optimal: bool
    bound_gain: int
    backend: str


def _locked_counts(problem: SolverInput) -> tuple[IntArray, IntArray]:
    mentees = np.bincount(problem.mentee[problem.locked], minlength=problem.n_mentees)
    mentors = np.bincount(problem.mentor[problem.locked], minlength=problem.n_mentors)
    return mentees, mentors


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


def solve_flow(problem: SolverInput, usable: BoolArray) -> SolverOutput:
    """Solve with OR-Tools' min-cost flow: the maximum flow of minimum cost is optimal.

    Quota minimums become zero-cost arcs of that capacity beside arcs costing ``big`` for the
    rest, so a cheapest maximum flow fills every minimum it can; any minimum left unfilled
    cannot be met by any assignment (augmenting paths never empty a source arc).
    """
    from ortools.graph.python import min_cost_flow

    n, m = problem.n_mentees, problem.n_mentors
    locked_mentees, locked_mentors = _locked_counts(problem)
    free_mentee = locked_mentees == 0
    pair_ok = usable & ~problem.locked & free_mentee[problem.mentee]
    gains = problem.gain[pair_ok]
    top = int(gains.max()) if len(gains) else 0
    # ``big`` only matters where minimums exist; elsewhere small costs keep the solver fast.
    big = (n + 1) * (top + 1) + 1 if problem.group_limits else 0

    limits = {g.side: g for g in problem.group_limits}
    mentee_group = limits.get("mentee")
    mentor_group = limits.get("mentor")
    n_mentee_groups = len(mentee_group.labels) if mentee_group else 0
    source, sink = 0, 1
    mentee_node = 2 + np.arange(n, dtype=np.int64)
    mentor_node = 2 + n + np.arange(m, dtype=np.int64)
    first_group = 2 + n + m

    flow = min_cost_flow.SimpleMinCostFlow()
    lower_arcs: list[tuple[int, IntArray, GroupBounds]] = []  # first arc, minimums, group

    def add(tail: IntArray, head: IntArray, cap: npt.ArrayLike, cost: npt.ArrayLike) -> int:
        """Add arcs straight to the solver, so no second copy of millions of arcs is made."""
        start = int(flow.num_arcs())
        tail = np.asarray(tail, dtype=np.int64)
        if len(tail):
            flow.add_arcs_with_capacity_and_unit_cost(
                tail,
                np.asarray(head, dtype=np.int64),
                np.broadcast_to(np.asarray(cap, dtype=np.int64), len(tail)),
                np.broadcast_to(np.asarray(cost, dtype=np.int64), len(tail)),
            )
        return start

    # Source side: mentees, grouped or not.
    grouped = np.zeros(n, dtype=np.bool_)
    if mentee_group is not None:
        low, high = _residual_limits(mentee_group, locked_mentees, np.ones(n, dtype=np.int64))
        group_node = first_group + np.arange(len(low), dtype=np.int64)
        grouped = (mentee_group.groups >= 0) & free_mentee
        start = add(np.full(len(low), source), group_node, low, 0)
        lower_arcs.append((start, low, mentee_group))
        add(np.full(len(low), source), group_node, high - low, big)
        add(
            group_node[mentee_group.groups[grouped]],
            mentee_node[grouped],
            np.ones(grouped.sum()),
            0,
        )
    direct = free_mentee & ~grouped
    add(np.full(direct.sum(), source), mentee_node[direct], np.ones(direct.sum()), big)

    # Pairs, in slices so the int64 copies the solver's interface needs stay small.
    usable_pairs = np.flatnonzero(pair_ok)
    pair_start = int(flow.num_arcs())
    for first in range(0, len(usable_pairs), _ARCS_PER_CALL):
        part = usable_pairs[first : first + _ARCS_PER_CALL]
        add(
            mentee_node[problem.mentee[part]],
            mentor_node[problem.mentor[part]],
            1,
            top - problem.gain[part],
        )

    # Sink side: mentors, grouped or not, with what locks left of their capacity.
    room = problem.capacity - locked_mentors
    if (room < 0).any():
        who = int(np.flatnonzero(room < 0)[0])
        raise InfeasibleError(
            f"mentor {problem.mentor_labels[who]!r} has more locked pairs than capacity",
            conflicts=("locked pairs",),
        )
    mentor_grouped = np.zeros(m, dtype=np.bool_)
    if mentor_group is not None:
        low, high = _residual_limits(mentor_group, locked_mentors, problem.capacity)
        group_node = first_group + n_mentee_groups + np.arange(len(low), dtype=np.int64)
        mentor_grouped = mentor_group.groups >= 0
        add(
            mentor_node[mentor_grouped],
            group_node[mentor_group.groups[mentor_grouped]],
            room[mentor_grouped],
            0,
        )
        start = add(group_node, np.full(len(low), sink), low, 0)
        lower_arcs.append((start, low, mentor_group))
        add(group_node, np.full(len(low), sink), high - low, big)
    add(
        mentor_node[~mentor_grouped],
        np.full((~mentor_grouped).sum(), sink),
        room[~mentor_grouped],
        big,
    )

    most = int(min(n, max(int(problem.capacity.sum()), 0)))
    flow.set_nodes_supplies(np.array([source, sink]), np.array([most, -most]))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise MentorlibError(f"the min-cost flow solver failed with status {status}")

    for start, low, group in lower_arcs:
        filled = flow.flows(np.arange(start, start + len(low)))
        short = np.flatnonzero(filled < low)
        if len(short):
            details = ", ".join(
                f"{group.labels[int(k)]!r} needs {int(group.minimum[k])}, "
                f"at most {int(group.minimum[k] - low[k] + filled[k])} possible"
                for k in short
            )
            raise InfeasibleError(
                f"{group.name}: minimum cannot be met ({details})", conflicts=(group.name,)
            )

    chosen = problem.locked.copy()
    pair_flows = flow.flows(np.arange(pair_start, pair_start + len(usable_pairs)))
    chosen[usable_pairs[pair_flows > 0]] = True
    total = int(problem.gain[chosen].sum())
    return SolverOutput(chosen, optimal=True, bound_gain=total, backend="flow")


def solve_cp_sat(
    problem: SolverInput,
    usable: BoolArray,
    *,
    seed: int,
    time_limit: float | None,
    workers: int | None,
    hint: BoolArray | None = None,
) -> SolverOutput:
    """Solve with CP-SAT over the candidate pairs only (never a dense n×m model).

    The objective is ``(most + 1)·matched + gain`` with ``most`` the largest total gain any
    assignment can have, so one more match always beats any gain in score. When the side
    constraints clash, a second solve with one assumption per constraint names a conflicting
    set.
    """
    from ortools.sat.python import cp_model

    built = _CpSatModel(problem, usable, hint)
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers or min(8, os.cpu_count() or 1)
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = float(time_limit)
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        raise _explain_infeasible(problem, usable)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise MentorlibError(
            f"CP-SAT found no assignment ({solver.status_name(status)}); "
            "raise time_limit or relax the side constraints"
        )
    chosen = np.zeros(len(problem.mentee), dtype=np.bool_)
    values = np.array([solver.boolean_value(v) for v in built.variables], dtype=np.bool_)
    chosen[built.index[values]] = True
    bound = int(solver.best_objective_bound)
    matched_bound = bound // built.weight
    gain_bound = bound - matched_bound * built.weight
    if matched_bound > int(chosen.sum()):
        gain_bound = built.most
    return SolverOutput(
        chosen, optimal=status == cp_model.OPTIMAL, bound_gain=gain_bound, backend="cp-sat"
    )


def _explain_infeasible(problem: SolverInput, usable: BoolArray) -> InfeasibleError:
    from ortools.sat.python import cp_model

    built = _CpSatModel(problem, usable, None, assumptions=True)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20.0
    solver.solve(built.model)
    found = set(solver.sufficient_assumptions_for_infeasibility())
    core = [(literal, name) for literal, name in built.literals if literal.index in found]
    # CP-SAT's core need not be minimal: drop each constraint whose removal keeps it infeasible.
    for candidate in list(core):
        rest = [pair for pair in core if pair is not candidate]
        built.model.clear_assumptions()
        built.model.add_assumptions([literal for literal, _ in rest])
        if rest and solver.solve(built.model) == cp_model.INFEASIBLE:
            core = rest
    names = tuple(name for _, name in core)
    return InfeasibleError(
        "the side constraints cannot all hold; these conflict: "
        + "; ".join(names or ("the constraints together",)),
        conflicts=names,
    )


class _CpSatModel:
    """The CP-SAT model: a Boolean per usable pair, capacities, bounds and the objective."""

    def __init__(
        self,
        problem: SolverInput,
        usable: BoolArray,
        hint: BoolArray | None,
        *,
        assumptions: bool = False,
    ) -> None:
        from ortools.sat.python import cp_model

        model = self.model = cp_model.CpModel()
        index = self.index = np.flatnonzero(usable | problem.locked)
        variables = self.variables = [model.new_bool_var(f"p{k}") for k in index]
        position = {int(k): i for i, k in enumerate(index)}
        self.literals: list[tuple[cp_model.IntVar, str]] = []
        for k in np.flatnonzero(problem.locked):
            model.add(variables[position[int(k)]] == 1)
        mentee_of, mentor_of = problem.mentee[index], problem.mentor[index]
        one_each = np.ones(problem.n_mentees, np.int64)
        for who, limit in ((mentee_of, one_each), (mentor_of, problem.capacity)):
            order = np.argsort(who, kind="stable")
            edges = np.searchsorted(who[order], np.arange(len(limit) + 1))
            for person in range(len(limit)):
                members = order[edges[person] : edges[person + 1]]
                if len(members) > limit[person]:
                    model.add(
                        cp_model.LinearExpr.sum([variables[int(i)] for i in members])
                        <= int(limit[person])
                    )

        def add_bounds(name: str, total: object, low: int | None, high: int | None) -> None:
            literal = None
            if assumptions:
                literal = model.new_bool_var(f"holds: {name}")
                self.literals.append((literal, name))
            for relation in (
                None if low is None else total >= low,  # type: ignore[operator]
                None if high is None else total <= high,  # type: ignore[operator]
            ):
                if relation is not None:
                    constraint = model.add(relation)
                    if literal is not None:
                        constraint.only_enforce_if(literal)

        for group in problem.group_limits:
            person_of = mentee_of if group.side == "mentee" else mentor_of
            group_of = group.groups[person_of]
            for g, label in enumerate(group.labels):
                members = np.flatnonzero(group_of == g)
                total = cp_model.LinearExpr.sum([variables[int(i)] for i in members])
                add_bounds(
                    f"{group.name} for {label!r}",
                    total,
                    int(group.minimum[g]),
                    int(group.maximum[g]),
                )
        for bound in problem.bounds:
            terms = [
                (variables[position[int(k)]], int(c))
                for k, c in zip(bound.pairs, bound.coefficients, strict=True)
                if int(k) in position
            ]
            total = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
            add_bounds(bound.name, total, bound.at_least, bound.at_most)
        if assumptions:
            model.add_assumptions([literal for literal, _ in self.literals])

        gains = problem.gain[index]
        room = min(problem.n_mentees, int(problem.capacity.sum()))
        self.most = int(np.sort(gains)[::-1][:room].sum())
        self.weight = self.most + 1
        model.maximize(
            cp_model.LinearExpr.weighted_sum(variables, [self.weight + int(g) for g in gains])
        )
        if hint is not None:
            for i, k in enumerate(index):
                model.add_hint(variables[i], bool(hint[k]))
