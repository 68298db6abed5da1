"""The solvers' shared input and output, and CP-SAT for side constraints a flow cannot hold.

Every solver (CP-SAT here, network flow in :mod:`._flow`, assignment in :mod:`._assignment`)
maximises, in this order: the number of matched mentees, then the total score (integer
``gain`` per pair). Without bounds the problem is an assignment; side constraints that
partition one side into groups with bounds, and locked pairs, stay a network flow (proven
optimal); any other bound needs CP-SAT.
"""

from __future__ import annotations

import os
import time

import attrs
import numpy as np

from mentorlib.model import MentorlibError

from ._pairs import BoolArray, Index, IntArray
from ._problem import Bound, GroupBounds

__all__ = [
    "InfeasibleError",
    "SolverInput",
    "SolverOutput",
    "explain_infeasible",
    "holds",
    "most_gain_of",
    "solve_cp_sat",
    "tightened",
    "value_of",
]

_BATCH = 24
"""Tasks CP-SAT runs between synchronisations: fixed, so results do not depend on the cores."""


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


def solve_cp_sat(
    problem: SolverInput,
    usable: BoolArray,
    *,
    seed: int,
    time_limit: float | None,
    workers: int | None,
    hint: BoolArray | None = None,
    ceiling: tuple[int, int] | None = None,
) -> SolverOutput:
    """Solve with CP-SAT over the candidate pairs only (never a dense n×m model).

    The objective is ``(most + 1)·matched + gain`` with ``most`` the largest total gain any
    assignment can have, so one more match always beats any gain in score. When the side
    constraints clash, a second solve with one assumption per constraint names a conflicting
    set. ``ceiling`` is the (matched, gain) of the optimum without some of the constraints,
    which no assignment exceeds: where it matches as many as the answer, its gain bounds the
    answer's when CP-SAT's own bound is weaker.
    """
    from ortools.sat.python import cp_model

    built = _CpSatModel(problem, usable, hint)
    solver = cp_model.CpSolver()
    # CP-SAT's seed is a signed 32-bit int: wrap larger ones, leave every such int as it is.
    solver.parameters.random_seed = (seed + 2**31) % 2**32 - 2**31
    solver.parameters.num_workers = workers or min(8, os.cpu_count() or 1)
    # Workers then share work in batches of a fixed size, so the same seed gives the same
    # answer whatever the number of workers (the default batch size follows the workers).
    solver.parameters.interleave_search = True
    solver.parameters.interleave_batch_size = _BATCH
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = float(time_limit)
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        raise explain_infeasible(problem, usable, time_limit=time_limit)
    if status == cp_model.UNKNOWN and hint is not None and holds(problem, usable, hint):
        # Time ran out before CP-SAT's first solution (its presolve alone can outlast a short
        # limit), but the hint meets every constraint: it is the best assignment found.
        bound = tightened(built.most, hint, ceiling)
        return SolverOutput(hint.copy(), optimal=False, bound_gain=bound, backend="cp-sat")
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
        chosen,
        optimal=status == cp_model.OPTIMAL,
        bound_gain=tightened(gain_bound, chosen, ceiling),
        backend="cp-sat",
    )


def tightened(gain_bound: int, chosen: BoolArray, ceiling: tuple[int, int] | None) -> int:
    """Return the lower of two bounds on the gain; ``ceiling`` counts if it matches no more.

    (A ceiling that matches more bounds nothing about assignments matching as many as ``chosen``.)
    """
    if ceiling is None or ceiling[0] > int(chosen.sum()):
        return gain_bound
    return min(gain_bound, ceiling[1])


def holds(problem: SolverInput, usable: BoolArray, chosen: BoolArray) -> bool:
    """Whether ``chosen`` meets every constraint the CP-SAT model states."""
    if (chosen & ~(usable | problem.locked)).any() or (problem.locked & ~chosen).any():
        return False
    if (np.bincount(problem.mentee[chosen], minlength=problem.n_mentees) > 1).any():
        return False
    load = np.bincount(problem.mentor[chosen], minlength=problem.n_mentors)
    if (load > problem.capacity).any():
        return False
    for group in problem.group_limits:
        person = problem.mentee if group.side == "mentee" else problem.mentor
        groups = group.groups[person[chosen]]
        counts = np.bincount(groups[groups >= 0], minlength=len(group.labels))
        if (counts < group.minimum).any() or (counts > group.maximum).any():
            return False
    for bound in problem.bounds:
        total = bound.total(chosen)
        if bound.at_least is not None and total < bound.at_least:
            return False
        if bound.at_most is not None and total > bound.at_most:
            return False
    return True


def value_of(problem: SolverInput, chosen: BoolArray) -> tuple[int, int]:
    """Return what the solvers maximise, in order: how many are matched, then the gain."""
    return int(chosen.sum()), int(problem.gain[chosen].sum())


def most_gain_of(problem: SolverInput, index: IntArray) -> int:
    """Return the most any assignment of the pairs ``index`` could gain (an upper bound).

    That is the sum of the largest gains, as many as there are mentees who could be matched.
    """
    room = min(problem.n_mentees, int(problem.capacity.sum()))
    return int(np.sort(problem.gain[index])[::-1][:room].sum())


def explain_infeasible(
    problem: SolverInput, usable: BoolArray, *, time_limit: float | None = None
) -> InfeasibleError:
    """Return the error naming a set of side constraints that cannot hold together.

    CP-SAT gets 20 s for each of its solves, and all of them together stay within
    ``time_limit`` where one is given (at least a second); when time runs out, the set named
    may hold constraints that are not needed for the clash.
    """
    from ortools.sat.python import cp_model

    deadline = None if time_limit is None else time.monotonic() + max(time_limit, 1.0)

    def seconds() -> float:
        return 20.0 if deadline is None else min(20.0, deadline - time.monotonic())

    built = _CpSatModel(problem, usable, None, assumptions=True)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds()
    solver.solve(built.model)
    found = set(solver.sufficient_assumptions_for_infeasibility())
    core = [(literal, name) for literal, name in built.literals if literal.index in found]
    # CP-SAT's core need not be minimal: drop each constraint whose removal keeps it infeasible.
    for candidate in list(core):
        if seconds() <= 0:
            break
        solver.parameters.max_time_in_seconds = seconds()
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
        locks = np.flatnonzero(problem.locked)
        # Named as one constraint, so that a clash with them names them rather than the rest.
        kept = model.new_bool_var("holds: locked pairs") if assumptions and len(locks) else None
        if kept is not None:
            self.literals.append((kept, "locked pairs"))
        for k in locks:
            lock = model.add(variables[position[int(k)]] == 1)
            if kept is not None:
                lock.only_enforce_if(kept)
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
        if assumptions:  # only feasibility is asked: no objective (large weights overflow it)
            model.add_assumptions([literal for literal, _ in self.literals])
            return

        gains = problem.gain[index]
        self.most = most_gain_of(problem, index)
        self.weight = self.most + 1
        model.maximize(
            cp_model.LinearExpr.weighted_sum(variables, [self.weight + int(g) for g in gains])
        )
        if hint is not None:
            for i, k in enumerate(index):
                model.add_hint(variables[i], int(hint[k]))  # protobuf>=6.32 refuses bools
