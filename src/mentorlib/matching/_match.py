"""``match`` and ``rematch``: from people and rules to an explained, optimal assignment."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import numpy as np

from mentorlib.model import Match, MentorlibError, Place, Roster, Team, ValidationError
from mentorlib.model._validators import describe_value

from ._assignment import solve_assignment
from ._candidates import candidate_pairs, pairs_sharing_keys
from ._constraints import Locked, MaxChanges
from ._flow import solve_flow
from ._milp import Infeasible, solve_milp
from ._pairs import (
    BoolArray,
    FloatArray,
    IntArray,
    Pairs,
    Side,
    Vocabulary,
    inverse_permutation,
    named_languages,
)
from ._problem import Assignment, Bound, GroupBounds
from ._result import MatchResult, Pairing, Unmatched, UnmatchedReason
from ._rules import (
    HardRule,
    RuleError,
    ScoreRule,
    SideConstraint,
    call_rule,
    keys_are_the_test,
    validated_allows,
    validated_eligible,
    validated_score,
    weight_problem,
)
from ._solve import (
    InfeasibleError,
    SolverInput,
    SolverOutput,
    explain_infeasible,
    holds,
    solve_cp_sat,
    value_of,
)

__all__ = ["match", "rematch"]

Rule = HardRule | ScoreRule | SideConstraint

_SCORE_STEPS = 100  # scores are compared in hundredths
_SCORE_CHUNK = 1 << 20  # pairs scored at once
_SAFE_GAIN = 1 << 50
"""Below this, the largest gain × pairs keeps the solvers' sums exact and in range (the
min-cost flow refuses costs whose range, times the network's size, could overflow)."""


def match(
    mentees: Iterable[Any],
    mentors: Iterable[Any],
    rules: Sequence[Rule],
    *,
    on: dt.date,
    seed: int = 0,
    time_limit: float | None = None,
    workers: int | None = None,
) -> MatchResult:
    """Match mentees to mentors (or places) under ``rules``, optimally and with reasons.

    Parameters
    ----------
    mentees
        The people to be matched (:class:`~mentorlib.model.Mentee` or anything with the same
        attributes); ids must be unique.
    mentors
        Mentors or :class:`~mentorlib.model.Place` records; each takes up to its ``capacity``.
    rules
        Hard rules, score rules and side constraints, in any order. Hard rules are applied in
        the given order when explaining why someone has no candidate; listing the most
        selective first also makes candidate generation faster (rules made from plain
        functions always run last).
    on
        The matching (start) date: ages, safeguarding checks and waiting time are taken on it.
    seed
        Orders the people (by a hash of seed and id) before solving, which decides between
        equally good assignments: the same people and seed give the same result, whatever the
        input order.
    time_limit
        Seconds the MILP solver may use (only side constraints a network flow cannot hold
        need it); when it runs out the best assignment found is returned with its bound and
        gap. HiGHS does not look at the clock everywhere: on about a million candidate pairs
        it overruns a limit shorter than some 25 s (see the matching docs).
    workers
        CP-SAT worker threads, where CP-SAT solves (default: the machine's cores, at most 8).

    Returns
    -------
    MatchResult
        The pairings with score breakdowns, the unmatched with reasons, the objective, the
        proven bound and gap, and the seconds per phase.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib import samples
    >>> from mentorlib.matching import match, rules
    >>> data = samples.vinn_vinn()
    >>> result = match(data.mentees, data.mentors,
    ...                [rules.SharedLanguage("B1"), rules.WithinDistance(25),
    ...                 rules.SharedInterests(weight=2)], on=dt.date(2026, 8, 17))
    >>> result.matched + len(result.unmatched) == len(data.mentees), result.optimal
    (True, True)
    """
    clock = _Clock()
    _check_day(on)
    seed, time_limit, workers = _checked_arguments(
        seed=seed, time_limit=time_limit, workers=workers
    )
    hard, scored, side = _split(rules)
    vocabulary = Vocabulary()
    # People keep the order given (reading records in the order they were made is faster);
    # the seed orders them for the solver only.
    mentee_side = Side(_people(mentees, "mentees"), "mentee", vocabulary)
    mentor_side = Side(_people(mentors, "mentors"), "mentor", vocabulary)
    order = _SolverOrder.of(mentee_side, mentor_side, seed)

    pairs = candidate_pairs(hard, mentee_side, mentor_side, on=on, rank=order.rank)
    clock.lap("candidates")

    names = _unique_names(scored)
    totals = _total_scores(scored, pairs)
    clock.lap("scores")

    assignment = Assignment(pairs, totals)
    for constraint in side:
        call_rule(constraint, "constrain", assignment)
    allowed = len(assignment.pairs)  # the pairs from here on are locked ones the rules refuse
    pairs, totals, locked = _with_locks(assignment, scored)
    hundredths = np.rint(totals * _SCORE_STEPS).astype(np.int64)
    gain, scale = _with_preferences(hundredths, assignment.preferred)
    problem = order.problem(
        pairs,
        gain=gain,
        locked=locked,
        group_limits=assignment.group_limits,
        bounds=assignment.bounds,
    )
    fair = assignment.fair
    # The solver's copy of the pairs stands in for them while it runs (at 20,000 a side that
    # is 140 MB less at the peak); they come back from it afterwards.
    del pairs, assignment
    clock.lap("constraints")

    usable = np.ones(len(totals), dtype=np.bool_)
    solving = time.monotonic()
    output = _solve(problem, usable, seed=seed, time_limit=time_limit, workers=workers)
    if fair:
        left = None if time_limit is None else time_limit - (time.monotonic() - solving)
        output, usable = _raise_lowest(problem, output, totals, seed, left, workers)
    pairs = order.pairs(problem, on=on)
    clock.lap("solve")

    chosen = np.flatnonzero(output.chosen)
    load = np.bincount(pairs.mentor[chosen], minlength=len(mentor_side))
    refused = _refused_by(hard, pairs, chosen, allowed)
    pairings = _pairings(pairs.take(chosen), scored, names, locked[chosen], refused)
    unmatched, shortage = _unmatched(
        hard, pairs, chosen, load, usable, mentee_side, mentor_side, bool(side)
    )
    spare = mentor_side.capacity - load
    clock.lap("explain")

    total = float(sum(p.score for p in pairings))
    gained = int(hundredths[chosen].sum())
    bound = total + max(0, output.bound_gain // scale - gained) / _SCORE_STEPS
    return MatchResult(
        pairings=pairings,
        unmatched=unmatched,
        total_score=total,
        bound=bound if not output.optimal else total,
        optimal=output.optimal,
        backend=output.backend,
        candidate_pairs=len(pairs),
        spare_capacity=dict(zip(mentor_side.ids, spare.tolist(), strict=True)),
        timings=clock.laps,
        shortage_rows=shortage,
        score_rules=tuple(names),
    )


def rematch(
    previous: Iterable[Match | tuple[str, str]],
    mentees: Iterable[Any],
    mentors: Iterable[Any],
    rules: Sequence[Rule],
    *,
    on: dt.date,
    max_changes: int = 0,
    seed: int = 0,
    time_limit: float | None = None,
    workers: int | None = None,
) -> MatchResult:
    """Match again after someone left, keeping earlier pairs.

    Pairs of ``previous`` whose mentee and mentor are both still in ``mentees`` and
    ``mentors`` are kept (a :class:`~mentorlib.model.Match` unless it is closed: proposed,
    active and paused matches are current pairs, closed ones history), except that up to
    ``max_changes`` of them may be broken up when that matches more people or scores higher.
    A mentor whose capacity went down keeps as many pairs as it now allows (none when paused
    at 0): first those the hard rules still allow, then the others, each in the order listed.
    The mentees of departed or paused mentors, and anyone unmatched, are matched where
    possible.
    A previous pair that a hard rule now refuses (say, the mentor's safeguarding check has
    lapsed) is kept with ``max_changes=0``, and its ``Pairing.refused_by`` names the rules;
    with ``max_changes`` of 1 or more it must change, and does not count as one of them.
    With ``max_changes=0`` this is a network flow, as it is when the best rematch without a
    limit changes at most ``max_changes`` pairs; else a MILP.

    >>> import datetime as dt
    >>> from mentorlib import samples
    >>> from mentorlib.matching import match, rematch, rules
    >>> data = samples.vinn_vinn()
    >>> ruleset = [rules.SharedLanguage("B1"), rules.WithinDistance(25)]
    >>> first = match(data.mentees, data.mentors, ruleset, on=dt.date(2026, 8, 17))
    >>> gone = first.pairings[0].mentor_id
    >>> again = rematch(first.pairs(), data.mentees, data.mentors.filter(lambda m: m.id != gone),
    ...                 ruleset, on=dt.date(2026, 9, 1))
    >>> kept = set(first.pairs()) & set(again.pairs())
    >>> len(kept) == len([p for p in first.pairs() if p[1] != gone])
    True
    """
    changes = _whole(max_changes)
    if changes is None or changes < 0:
        raise _refused("max_changes", "a whole number ≥ 0", max_changes, record="rematch")
    _check_day(on, record="rematch")
    mentee_list, mentor_list = _people(mentees, "mentees"), _people(mentors, "mentors")
    hard = [rule for rule in rules if isinstance(rule, HardRule)]
    staying = _staying(Locked(previous).pairs, mentee_list, mentor_list, hard, on)
    constraint: SideConstraint = (
        Locked(staying) if changes == 0 else MaxChanges(staying, at_most=changes)
    )
    return match(
        mentee_list,
        mentor_list,
        [*rules, constraint],
        on=on,
        seed=seed,
        time_limit=time_limit,
        workers=workers,
    )


def _staying(
    previous: Sequence[tuple[str, str]],
    mentees: Sequence[Any],
    mentors: Sequence[Any],
    hard: Sequence[HardRule],
    on: dt.date,
) -> list[tuple[str, str]]:
    """Return the previous pairs whose mentee and mentor are still here.

    A mentor keeps as many as their capacity now allows (a paused mentor, capacity 0, keeps
    none): first the pairs the hard rules still allow, then the others, each in the order
    listed.
    """
    here = {p.id for p in mentees}
    room = {p.id: p.capacity for p in mentors}
    present = [(a, b) for a, b in previous if a in here and b in room]
    wanted: dict[str, int] = {}
    for _, b in present:
        wanted[b] = wanted.get(b, 0) + 1
    over = any(count > room[b] for b, count in wanted.items())
    allowed = _allowed_now(present, mentees, mentors, hard, on) if over else [True] * len(present)
    keep = [False] * len(present)
    for first in (True, False):
        for k, (_, b) in enumerate(present):
            if allowed[k] is first and room[b] > 0:
                room[b] -= 1
                keep[k] = True
    return [pair for pair, kept in zip(present, keep, strict=True) if kept]


def _allowed_now(
    pairs: Sequence[tuple[str, str]],
    mentees: Sequence[Any],
    mentors: Sequence[Any],
    hard: Sequence[HardRule],
    on: dt.date,
) -> list[bool]:
    """Return whether every hard rule allows each pair on ``on``."""
    vocabulary = Vocabulary()
    mentee_side = Side(mentees, "mentee", vocabulary)
    mentor_side = Side(mentors, "mentor", vocabulary)
    batch = Pairs(
        np.array([mentee_side.index[a] for a, _ in pairs], dtype=np.int32),
        np.array([mentor_side.index[b] for _, b in pairs], dtype=np.int32),
        mentees=mentee_side,
        mentors=mentor_side,
        on=on,
    )
    allowed = np.ones(len(pairs), dtype=np.bool_)
    for rule in hard:
        allowed &= validated_allows(rule, batch)
    return [bool(a) for a in allowed]


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def _checked_arguments(
    *, seed: object, time_limit: object, workers: object
) -> tuple[int, float | None, int | None]:
    """Return the solver arguments as plain numbers, refusing what the solvers would choke on.

    numpy numbers (from a pandas column, say) are taken; bools and text are not.
    """
    if _whole(seed) is None:
        raise _refused("seed", "an integer", seed)
    seconds = None if time_limit is None else _seconds(time_limit)
    if time_limit is not None and seconds is None:
        raise _refused("time_limit", "None or a positive number of seconds", time_limit)
    count = None if workers is None else _whole(workers)
    if workers is not None and (count is None or count < 1):
        raise _refused("workers", "None or a whole number ≥ 1", workers)
    return int(seed), seconds, count  # type: ignore[call-overload]


def _seconds(value: object) -> float | None:
    """Return a positive, finite number of seconds as a float; else None."""
    if not isinstance(value, int | float | np.integer | np.floating) or isinstance(
        value, bool | np.bool_
    ):
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return seconds if 0 < seconds < math.inf else None


def _check_day(on: object, record: str = "match") -> None:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise _refused("on", "a datetime.date (the matching day, without a time)", on, record)


def _whole(value: object) -> int | None:
    """Return ``value`` as an int if it is a whole number (not a bool), else None."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_):
        return int(value)
    return None


def _refused(field: str, expected: str, value: object, record: str = "match") -> ValidationError:
    return ValidationError(
        f"must be {expected}, got {describe_value(value)}", record=record, field=field
    )


def _people(values: Iterable[Any], field: str) -> list[Any]:
    people = list(values)
    if not isinstance(values, Roster):  # a roster's ids are unique already
        Roster(people)  # refuses duplicate ids, naming the id
    for person in people:
        if not hasattr(person, "id"):
            raise ValidationError(f"{type(person).__name__} has no id", record="match", field=field)
        if field == "mentees" and isinstance(person, Team):
            raise ValidationError(
                "a team takes mentees: pass it among the mentors",
                record="Team",
                record_id=person.id,
                field="mentees",
            )
        if field == "mentors":
            capacity = getattr(person, "capacity", None)
            if type(capacity) is not int:  # the common case first: a plain int
                capacity = _whole(capacity)
            if capacity is None or capacity < 0:
                raise ValidationError(
                    "needs a whole-number capacity ≥ 0, got "
                    f"{describe_value(getattr(person, 'capacity', None))}; "
                    "pass Mentor, Place or Team records",
                    record=type(person).__name__,
                    record_id=str(person.id),
                    field="capacity",
                )
    if field == "mentors" and any(issubclass(k, Team) for k in set(map(type, people))):
        _check_booked_once(people)
    return people


def _check_booked_once(hosts: Sequence[Any]) -> None:
    """Refuse a mentor who could take mentees twice: alone and in a team, or in two teams.

    Each way has a capacity of its own, so nothing else would stop a double booking. A place
    is not a person, whatever its id.
    """
    where = {host.id: "on their own" for host in hosts if not isinstance(host, Team | Place)}
    for team in hosts:
        if not isinstance(team, Team):
            continue
        for member_id in team.member_ids:
            if member_id in where:
                raise ValidationError(
                    f"member {member_id!r} is also among the mentors {where[member_id]}; pass "
                    "each mentor once, on their own or in one team",
                    record="Team",
                    record_id=team.id,
                    field="members",
                )
            where[member_id] = f"in team {team.id!r}"


def _split(
    rules: Sequence[Rule],
) -> tuple[list[HardRule], list[ScoreRule], list[SideConstraint]]:
    if isinstance(rules, HardRule | ScoreRule | SideConstraint):
        raise RuleError("rules must be a list of rules; wrap the single rule in a list")
    if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
        raise RuleError(f"rules must be a list of rules, got {type(rules).__name__}")
    hard: list[HardRule] = []
    scored: list[ScoreRule] = []
    side: list[SideConstraint] = []
    for rule in rules:
        if isinstance(rule, HardRule):
            hard.append(rule)
        elif isinstance(rule, ScoreRule):
            problem = weight_problem(rule.weight)  # a custom rule's weight is checked here
            if problem is not None:
                raise RuleError(f"{rule.name}: {problem}")
            scored.append(rule)
        elif isinstance(rule, SideConstraint):
            side.append(rule)
        else:
            # The type alone: a record passed by mistake must not land in logs whole.
            raise RuleError(
                f"a {type(rule).__name__} is not a rule: subclass HardRule, ScoreRule or "
                "SideConstraint, or wrap a function with hard_rule() or score_rule()"
            )
    return hard, scored, side


def _unique_names(rules: Sequence[ScoreRule]) -> list[str]:
    names: list[str] = []
    for rule in rules:
        name, n = rule.name, 2
        while name in names:
            name, n = f"{rule.name} #{n}", n + 1
        names.append(name)
    return names


def _total_scores(rules: Sequence[ScoreRule], pairs: Pairs) -> FloatArray:
    """Each pair's weighted score, a chunk of pairs at a time.

    A score depends on its pair alone (``check_rule`` checks this), so chunks give the same
    answer while the rules' temporary arrays stay small enough to be reused, not fetched fresh.
    """
    total = np.zeros(len(pairs))
    for start in range(0, len(pairs), _SCORE_CHUNK):
        stop = start + _SCORE_CHUNK
        chunk = Pairs(
            pairs.mentee[start:stop],
            pairs.mentor[start:stop],
            mentees=pairs.mentees,
            mentors=pairs.mentors,
            on=pairs.on,
        )
        part = total[start:stop]
        for rule in rules:
            if rule.weight:
                part += rule.weight * validated_score(rule, chunk)
    return total


def _with_preferences(hundredths: IntArray, preferred: BoolArray) -> tuple[IntArray, int]:
    """Return the solvers' gain per pair, and by how much it scales the score in hundredths.

    Preferred pairs (see :meth:`Assignment.prefer`) gain one unit more, on a scale where a
    hundredth of score is worth more than all of them together: a tie-break only. Locked
    pairs added after the candidates are not preferred. Where weights are so large that the
    scaled gains could overflow a solver, there is no tie-break.
    """
    count = int(preferred.sum())
    scale = count + 1
    top = int(np.abs(hundredths).max(initial=0)) + 1
    if not count or top * scale * len(hundredths) >= _SAFE_GAIN:
        return hundredths, 1  # no preference, or gains too large to scale: no tie-break
    bonus = np.zeros(len(hundredths), dtype=np.int64)
    bonus[: len(preferred)] = preferred
    return hundredths * scale + bonus, scale


def _with_locks(
    assignment: Assignment, rules: Sequence[ScoreRule]
) -> tuple[Pairs, FloatArray, BoolArray]:
    """Candidate pairs with every locked pair among them, flagged."""
    pairs, totals = assignment.pairs, assignment.scores
    locked = np.zeros(len(pairs), dtype=np.bool_)
    extra_mentee, extra_mentor = [], []
    seen: dict[int, str] = {}
    for lock in assignment.locks:
        if seen.get(lock.mentee) == pairs.mentors.ids[lock.mentor]:
            continue  # locked twice: kept once
        if lock.mentee in seen:
            raise ValidationError(
                f"locked to two mentors ({seen[lock.mentee]!r} and "
                f"{pairs.mentors.ids[lock.mentor]!r})",
                record="Mentee",
                record_id=pairs.mentees.ids[lock.mentee],
                field="locked pairs",
            )
        seen[lock.mentee] = pairs.mentors.ids[lock.mentor]
        position = assignment.pair_index(
            pairs.mentees.ids[lock.mentee], pairs.mentors.ids[lock.mentor]
        )
        if position is None:
            extra_mentee.append(lock.mentee)
            extra_mentor.append(lock.mentor)
        else:
            locked[position] = True
    if extra_mentee:
        extra = Pairs(
            np.array(extra_mentee, dtype=np.int32),
            np.array(extra_mentor, dtype=np.int32),
            mentees=pairs.mentees,
            mentors=pairs.mentors,
            on=pairs.on,
        )
        pairs = Pairs(
            np.concatenate([pairs.mentee, extra.mentee]),
            np.concatenate([pairs.mentor, extra.mentor]),
            mentees=pairs.mentees,
            mentors=pairs.mentors,
            on=pairs.on,
        )
        totals = np.concatenate([totals, _total_scores(rules, extra)])
        locked = np.concatenate([locked, np.ones(len(extra), dtype=np.bool_)])
    return pairs, totals, locked


@attrs.frozen(eq=False)
class _SolverOrder:
    """The order, fixed by the seed and the ids alone, in which the solver sees the people.

    It decides between equally good assignments, so the same people and seed give the same
    result whatever the input order. ``order[k]`` is the position (in the input) of the k-th
    person in seeded order; ``rank`` is its inverse: each person's place in seeded order.
    """

    mentees: Side
    mentors: Side
    order: tuple[IntArray, IntArray]
    rank: tuple[IntArray, IntArray]

    @classmethod
    def of(cls, mentees: Side, mentors: Side, seed: int) -> _SolverOrder:
        order = _seeded_order(mentees.ids, seed), _seeded_order(mentors.ids, seed)
        rank = inverse_permutation(order[0]), inverse_permutation(order[1])
        return cls(mentees, mentors, order, rank)

    def problem(
        self,
        pairs: Pairs,
        *,
        gain: IntArray,
        locked: BoolArray,
        group_limits: Sequence[GroupBounds],
        bounds: Sequence[Bound],
    ) -> SolverInput:
        """Return the solver's input, people numbered in seeded order (pairs keep their place)."""
        mentee_order, mentor_order = self.order
        mentee_rank, mentor_rank = self.rank
        reordered = tuple(
            attrs.evolve(
                group, groups=group.groups[mentee_order if group.side == "mentee" else mentor_order]
            )
            for group in group_limits
        )
        return SolverInput(
            n_mentees=len(self.mentees),
            n_mentors=len(self.mentors),
            mentee=mentee_rank.astype(np.int32)[pairs.mentee],  # 32 bits, like the pairs
            mentor=mentor_rank.astype(np.int32)[pairs.mentor],
            gain=gain,
            capacity=self.mentors.capacity[mentor_order],
            locked=locked,
            group_limits=reordered,
            bounds=tuple(bounds),
            mentee_labels=tuple(map(self.mentees.ids.__getitem__, mentee_order.tolist())),
            mentor_labels=tuple(map(self.mentors.ids.__getitem__, mentor_order.tolist())),
        )

    def pairs(self, problem: SolverInput, *, on: dt.date) -> Pairs:
        """Return the solver's pairs numbered by position again (the inverse of :meth:`problem`)."""
        mentee_order, mentor_order = self.order
        return Pairs(
            mentee_order.astype(np.int32)[problem.mentee],
            mentor_order.astype(np.int32)[problem.mentor],
            mentees=self.mentees,
            mentors=self.mentors,
            on=on,
        )


def _seeded_order(ids: Sequence[str], seed: int) -> IntArray:
    """Positions of the ids sorted by a hash of seed and id (the ids break equal hashes)."""
    prefix = zlib.crc32(f"{seed}:".encode())  # crc32 of "seed:id", continued from "seed:"
    hashes = np.fromiter(
        [zlib.crc32(i.encode(), prefix) for i in ids], dtype=np.int64, count=len(ids)
    )
    order: IntArray = np.argsort(hashes, kind="stable")
    if len(ids) > 1 and not np.diff(hashes[order]).all():
        order = np.array(sorted(range(len(ids)), key=lambda k: (hashes[k], ids[k])), np.int64)
    return order


def _solve(
    problem: SolverInput,
    usable: BoolArray,
    *,
    seed: int,
    time_limit: float | None,
    workers: int | None,
) -> SolverOutput:
    """Solve as a network flow where one holds the constraints, else as a MILP (HiGHS).

    The MILP is skipped when the flow's optimum without the constraints it cannot hold already
    keeps them all: optimal with fewer constraints, it is optimal with them. CP-SAT, started
    from the flow's solution, solves what HiGHS gives no answer for, and names the constraints
    that clash when none can hold.
    """
    if problem.is_flow:
        return _solve_network(problem, usable)
    started = time.monotonic()
    relaxed = _relaxed(problem)
    try:
        best = _solve_network(relaxed, usable)
    except InfeasibleError:
        raise  # fewer constraints already clash: the flow has named those
    except Exception:  # the flow failed otherwise: CP-SAT solves it all
        rest = None if time_limit is None else max(time_limit - (time.monotonic() - started), 0.01)
        return solve_cp_sat(problem, usable, seed=seed, time_limit=rest, workers=workers)
    start = _within_maxima(problem, _start(problem, relaxed, usable, best.chosen))
    ceiling = value_of(problem, best.chosen)
    if _keeps_all_at_best(problem, usable, start, ceiling):
        return attrs.evolve(best, chosen=start)

    def left() -> float | None:
        return None if time_limit is None else time_limit - (time.monotonic() - started)

    try:
        output = solve_milp(problem, usable, time_limit=left(), start=start, ceiling=ceiling)
    except Infeasible:
        raise explain_infeasible(problem, usable, time_limit=left()) from None
    if output is not None:
        return output
    remaining = left()
    if remaining is not None and remaining <= 0 and not holds(problem, usable, start):
        raise MentorlibError(
            f"no assignment that keeps every side constraint was found within time_limit="
            f"{time_limit:g} s (the flow's, which ignores some of them, breaks one); "
            "raise time_limit, or relax the side constraints"
        )
    return solve_cp_sat(
        problem,
        usable,
        seed=seed,
        time_limit=None if remaining is None else max(remaining, 0.01),  # else: the start
        workers=workers,
        hint=start,
        ceiling=ceiling,
    )


def _keeps_all_at_best(
    problem: SolverInput, usable: BoolArray, start: BoolArray, ceiling: tuple[int, int]
) -> bool:
    """Whether ``start`` keeps every constraint and is as good as the relaxed optimum."""
    return holds(problem, usable, start) and value_of(problem, start) == ceiling


def _relaxed(problem: SolverInput) -> SolverInput:
    """Return the problem without the constraints a network flow cannot hold."""
    return SolverInput(
        **{**_fields(problem), "bounds": (), "group_limits": _first_per_side(problem)}
    )


def _start(
    problem: SolverInput, relaxed: SolverInput, usable: BoolArray, best: BoolArray
) -> BoolArray:
    """Return where the solvers start: ``best``, the relaxed problem's optimum, or near it.

    When ``best`` leaves a bound short of the pairs it asks for at least (as ``MaxChanges``
    asks to keep previous pairs), the flow is solved again with all of that bound's pairs
    kept: an assignment that changes nothing meets it, so a time limit too short for the
    solver's own first solution still returns it, and CP-SAT can start from it.
    """
    short = [
        bound
        for bound in problem.bounds
        if bound.at_least is not None and bound.total(best) < bound.at_least
    ]
    if not short:
        return best
    keep = relaxed.locked.copy()
    for bound in short:
        keep[bound.pairs[(bound.coefficients > 0) & usable[bound.pairs]]] = True
    try:
        return _solve_network(attrs.evolve(relaxed, locked=keep), usable).chosen
    except Exception:
        return best


def _within_maxima(problem: SolverInput, start: BoolArray) -> BoolArray:
    """Return ``start`` with its lowest-gain pairs left out until every maximum holds.

    Maxima are group maxima and bounds' ``at_most`` over non-negative coefficients; locked
    pairs stay. A start that breaks a second quota (the flow held only the first) becomes an
    assignment to fall back on when the time limit stops the solver early.
    """
    chosen = start.copy()
    cheapest = np.argsort(problem.gain, kind="stable")
    for group in problem.group_limits:
        person = problem.mentee if group.side == "mentee" else problem.mentor
        group_of = group.groups[person]
        for label, most in enumerate(group.maximum.tolist()):
            inside = chosen & (group_of == label)
            excess = int(inside.sum()) - most
            if excess > 0:
                droppable = cheapest[(inside & ~problem.locked)[cheapest]]
                chosen[droppable[:excess]] = False
    for bound in problem.bounds:
        if bound.at_most is None or (bound.coefficients < 0).any():
            continue
        excess = bound.total(chosen) - bound.at_most
        if excess > 0:
            weights = np.zeros(len(chosen), dtype=np.int64)
            weights[bound.pairs] = bound.coefficients
            droppable = cheapest[(chosen & ~problem.locked & (weights > 0))[cheapest]]
            enough = int(np.searchsorted(np.cumsum(weights[droppable]), excess)) + 1
            chosen[droppable[:enough]] = False
    return chosen


def _solve_network(problem: SolverInput, usable: BoolArray) -> SolverOutput:
    """Solve a problem a network flow can hold: as an assignment where it is one."""
    return solve_assignment(problem, usable) or solve_flow(problem, usable)


def _fields(problem: SolverInput) -> dict[str, Any]:
    return attrs.asdict(problem, recurse=False)


def _first_per_side(problem: SolverInput) -> tuple[Any, ...]:
    seen, kept = set(), []
    for group in problem.group_limits:
        if group.side not in seen:
            seen.add(group.side)
            kept.append(group)
    return tuple(kept)


def _raise_lowest(
    problem: SolverInput,
    best: SolverOutput,
    totals: FloatArray,
    seed: int,
    time_limit: float | None,
    workers: int | None,
) -> tuple[SolverOutput, BoolArray]:
    """Bisect on a score floor: the highest floor that still matches as many people.

    A ``time_limit`` covers the whole bisection. A step the limit cuts short settles nothing
    unless it still matches as many; the bisection then stops at the highest floor it has
    shown to work, and the result is not proven optimal.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    target = int(best.chosen.sum())
    free = ~problem.locked
    levels = np.unique(np.rint(totals[free] * _SCORE_STEPS))
    low, high = 0, len(levels) - 1  # levels[low] always works: it is the lowest score
    result, usable, proven = best, np.ones(len(totals), dtype=np.bool_), best.optimal
    while low < high:
        middle = (low + high + 1) // 2
        trial = np.rint(totals * _SCORE_STEPS) >= levels[middle]
        left = None if deadline is None else deadline - time.monotonic()
        output: SolverOutput | None = None
        try:
            if left is None or left > 0:
                output = _solve(problem, trial, seed=seed, time_limit=left, workers=workers)
        except InfeasibleError:  # proven: no assignment keeps this floor
            high = middle - 1
            continue
        except MentorlibError:  # out of time without an answer
            output = None
        if output is not None and int(output.chosen.sum()) >= target:
            # (more than the target: the first solve was cut short, and this one found more)
            low, result, usable = middle, output, trial
            target, proven = int(output.chosen.sum()), proven and output.optimal
        elif output is not None and output.optimal:  # proven: this floor matches fewer
            high = middle - 1
        else:  # the limit ran out before this floor was settled
            proven = False
            break
    return attrs.evolve(result, optimal=result.optimal and proven), usable


def _refused_by(
    hard: Sequence[HardRule], pairs: Pairs, chosen: IntArray, allowed: int
) -> list[tuple[str, ...]]:
    """Name, for each chosen pair, the hard rules that refuse it (only locked pairs can be)."""
    refused: list[tuple[str, ...]] = [()] * len(chosen)
    kept = np.flatnonzero(chosen >= allowed)
    if len(kept):
        batch = pairs.take(chosen[kept])
        verdicts = [(rule.name, validated_allows(rule, batch)) for rule in hard]
        for k, position in enumerate(kept.tolist()):
            refused[position] = tuple(name for name, allows in verdicts if not allows[k])
    return refused


def _pairings(
    chosen: Pairs,
    rules: Sequence[ScoreRule],
    names: Sequence[str],
    locked: BoolArray,
    refused: Sequence[tuple[str, ...]],
) -> tuple[Pairing, ...]:
    """Build a pairing per chosen pair with its score breakdown, in order of mentee id.

    The rules score the pairs in the solver's order and the rows are then reordered, so the
    breakdowns are the very numbers the rules gave. A mentee is in at most one chosen pair,
    so the mentee id alone orders them.
    """
    values = np.empty((len(chosen), len(rules)))
    for column, rule in enumerate(rules):
        values[:, column] = rule.weight * validated_score(rule, chosen)
    mentee_ids = list(map(chosen.mentees.ids.__getitem__, chosen.mentee.tolist()))
    order = sorted(range(len(chosen)), key=mentee_ids.__getitem__)
    mentor_ids = chosen.mentors.ids
    values = values[order]
    scores = np.zeros(len(order))
    for rule_values in values.T:  # left to right, as summing a breakdown's values does
        scores += rule_values
    return tuple(
        map(
            Pairing,
            [mentee_ids[k] for k in order],
            list(map(mentor_ids.__getitem__, chosen.mentor[order].tolist())),
            scores.tolist(),
            _breakdowns(names, values),
            locked[order].tolist(),
            [refused[k] for k in order],
        )
    )


def _breakdowns(names: Sequence[str], values: FloatArray) -> list[dict[str, float]]:
    """Map rule names to values, a dict per row of ``values``, filled a column at a time.

    One loop per rule over plain floats takes half the time of a ``dict(zip())`` per row.
    """
    breakdowns: list[dict[str, float]] = [{} for _ in range(len(values))]
    for name, column in zip(names, values.T.tolist(), strict=True):
        for breakdown, value in zip(breakdowns, column, strict=True):
            breakdown[name] = value
    return breakdowns


def _unmatched(
    hard: Sequence[HardRule],
    pairs: Pairs,
    chosen: IntArray,
    load: IntArray,
    usable: BoolArray,
    mentees: Side,
    mentors: Side,
    constrained: bool,
) -> tuple[tuple[Unmatched, ...], tuple[dict[str, Any], ...]]:
    """Explain each unmatched mentee, in order of id, and count the shortage rows.

    ``chosen`` are the positions of the chosen pairs; ``load`` is each mentor's number of them.
    """
    n = len(mentees)
    waiting = np.ones(n, dtype=np.bool_)
    waiting[pairs.mentee[chosen]] = False
    candidates = np.bincount(pairs.mentee, minlength=n)
    lonely = np.flatnonzero(waiting & (candidates == 0))
    refusing = _refusing(hard, lonely, mentees, pairs.on)
    lonely = lonely[[e not in refusing for e in lonely.tolist()]]
    funnels = _funnels(hard, lonely, mentees, mentors, pairs.on)
    allowed = _allowed_mentors(pairs, waiting & (candidates > 0))
    full = load >= mentors.capacity
    paused = bool((mentors.capacity == 0).any())
    limited = constrained or not usable.all()
    names = [rule.name for rule in hard]
    host = _host_noun(mentors)
    out: list[Unmatched] = []
    shortage: dict[tuple[str, str], list[int]] = {}
    for e in sorted(np.flatnonzero(waiting).tolist(), key=mentees.ids.__getitem__):
        person = mentees.people[e]
        if e in refusing:
            refusers = refusing[e]
            message = (
                f"is outside what {' and '.join(refusers)} "
                f"allow{'s' if len(refusers) == 1 else ''} for a mentee, whoever the {host}"
            )
            out.append(Unmatched(person.id, UnmatchedReason.NOT_ELIGIBLE, message, 0))
            column = 3
        elif e in funnels:
            counts = funnels[e]
            message = _no_candidate(hard, counts, person, host)
            funnel = tuple(zip(names, counts, strict=True))
            out.append(Unmatched(person.id, UnmatchedReason.NO_CANDIDATE, message, 0, funnel))
            column = 0
        else:
            mine = allowed[e]
            room = int(np.count_nonzero(~full[mine]))
            if room and limited:
                message = (
                    f"{room} allowed {_plural(host)} had room, but a side constraint kept this "
                    "mentee out"
                )
                reason = UnmatchedReason.SIDE_CONSTRAINT
            else:
                message = _all_full(
                    mine, mentors.capacity[mine] == 0 if paused else None, mentors.ids, host
                )
                reason = UnmatchedReason.CAPACITY
            out.append(Unmatched(person.id, reason, message, int(candidates[e])))
            column = 1 if reason is UnmatchedReason.CAPACITY else 2
        key = (_municipality(person), _first_language(person))
        shortage.setdefault(key, [0, 0, 0, 0])[column] += 1
    rows = tuple(
        {
            "municipality": place,
            "language": language,
            "no_candidate": counts[0],
            "capacity_taken": counts[1],
            "side_constraint": counts[2],
            "not_eligible": counts[3],
            "mentors_missing": counts[0] + counts[1],
        }
        for (place, language), counts in sorted(
            shortage.items(), key=lambda item: (-sum(item[1]), item[0])
        )
    )
    return tuple(out), rows


def _all_full(mine: IntArray, paused: BoolArray | None, ids: Sequence[str], host: str) -> str:
    """Say that every allowed mentor was full: taken by others, or taking no one (capacity 0).

    ``paused`` marks the mentors of ``mine`` at capacity 0 (None: there are none).
    """
    parts = []
    taken = mine if paused is None else mine[~paused]
    if len(taken):
        listed = ", ".join(ids[m] for m in taken[:3].tolist())
        more = "" if len(taken) <= 3 else f" and {len(taken) - 3} more"
        parts.append(f"{len(taken)} were taken by others ({listed}{more})")
    if paused is not None and paused.any():
        parts.append(f"{int(paused.sum())} take no mentees now (capacity 0)")
    return f"all {len(mine)} allowed {_plural(host)} were full: " + "; ".join(parts)


def _allowed_mentors(pairs: Pairs, wanted: BoolArray) -> dict[int, IntArray]:
    """Return the mentors of each ``wanted`` mentee's pairs, in pair order (locked extras last).

    Only the few pairs of these mentees are sorted, not all candidate pairs.
    """
    keep = np.flatnonzero(wanted[pairs.mentee])
    order = np.argsort(pairs.mentee[keep], kind="stable")
    mentee, mentor = pairs.mentee[keep][order], pairs.mentor[keep][order]
    starts = np.flatnonzero(np.diff(mentee, prepend=-1))
    return dict(zip(mentee[starts].tolist(), np.split(mentor, starts)[1:], strict=True))


def _municipality(person: Any) -> str:
    where = getattr(person, "location", None)
    return "unknown" if where is None else str(where.municipality)


def _first_language(person: Any) -> str:
    languages = named_languages(person)
    return languages[0].code if languages else "none"


def _refusing(
    hard: Sequence[HardRule], lonely: IntArray, mentees: Side, on: dt.date
) -> dict[int, list[str]]:
    """Name, for mentees without a candidate, the rules that refuse them whoever the partner.

    No mentor, however many join, can take them (see :meth:`HardRule.eligible`).
    """
    refusing: dict[int, list[str]] = {}
    for rule in hard if len(lonely) else ():
        eligible = validated_eligible(rule, mentees, on)
        if eligible is not None:
            for e in lonely[~eligible[lonely]].tolist():
                refusing.setdefault(e, []).append(rule.name)
    return refusing


def _funnels(
    hard: Sequence[HardRule],
    lonely: IntArray,
    mentees: Side,
    mentors: Side,
    on: dt.date,
) -> dict[int, list[int]]:
    """For mentees with no candidate: how many mentors survive each hard rule in turn."""
    counts = np.zeros((len(lonely), len(hard)), dtype=np.int64)
    per_block = max(1, 2_000_000 // max(len(mentors), 1))
    for start in range(0, len(lonely), per_block):
        block = lonely[start : start + per_block]
        for column, pairs in enumerate(_survivors(hard, block, mentees, mentors, on)):
            counts[start : start + len(block), column] = np.bincount(
                pairs.mentee, minlength=len(mentees)
            )[block]
    return dict(zip(lonely.tolist(), counts.tolist(), strict=True))


def _survivors(
    hard: Sequence[HardRule], block: IntArray, mentees: Side, mentors: Side, on: dt.date
) -> Iterator[Pairs]:
    """Yield the pairs of ``block``'s mentees that pass the first hard rule, the first two, ...

    It stops when no pair is left. A first rule with blocking keys is a join on the keys rather
    than a test of every mentor; the pairs come in the same order either way.
    """
    pairs = _joined(hard[0], block, mentees, mentors, on) if hard else None
    if pairs is None:
        m = len(mentors)
        rest = hard
        pairs = Pairs(
            np.repeat(block, m),
            np.tile(np.arange(m, dtype=np.int32), len(block)),
            mentees=mentees,
            mentors=mentors,
            on=on,
        )
    else:
        rest = hard[1:]
        yield pairs
    for rule in rest:
        if not len(pairs):
            return
        pairs = pairs.take(validated_allows(rule, pairs))
        yield pairs


def _joined(
    rule: HardRule, block: IntArray, mentees: Side, mentors: Side, on: dt.date
) -> Pairs | None:
    """Return the pairs of ``block``'s mentees that ``rule`` allows, by a join on its keys.

    Ordered by mentee, then mentor; ``None`` when the rule offers no keys. Keys that are not
    the whole test (a team's, say) propose pairs the rule then tests.
    """
    among = np.zeros(len(mentees), dtype=np.bool_)
    among[block] = True
    pairs = pairs_sharing_keys(rule, mentees, mentors, among=among, on=on)
    if pairs is None or keys_are_the_test(rule, mentees, mentors):
        return pairs
    return pairs.take(validated_allows(rule, pairs))


def _host_noun(mentors: Side) -> str:
    """Name who the mentees are matched to: "mentor", "team", "place", or "mentor or place".

    By the kinds of record given, in that order, joined by "or".
    """
    kinds = set(map(type, mentors.people))
    nouns = [
        noun
        for noun, present in (
            ("mentor", any(not issubclass(k, Team | Place) for k in kinds)),
            ("team", any(issubclass(k, Team) for k in kinds)),
            ("place", any(issubclass(k, Place) for k in kinds)),
        )
        if present
    ]
    return " or ".join(nouns or ["mentor"])


def _plural(host: str, ending: str = "(s)") -> str:
    """Return "mentor(s)", "team(s)", "mentor(s) or team(s)", ... (or with ``ending`` "s")."""
    return " or ".join(f"{noun}{ending}" for noun in host.split(" or "))


def _no_candidate(hard: Sequence[HardRule], counts: list[int], person: Any, host: str) -> str:
    """Say which hard rules, together, leave no mentor, with the funnel up to them.

    The rules up to the first that leaves none are described, joined: "no mentor speaks
    Tigrinya at B1 or better and lives within 25 km of Trondheim (speaks ...: 3 → lives ...:
    0)". With teams, "no team ...": a team passes a rule through every member.
    """
    if not hard:
        return f"there are no {_plural(host, 's')}"
    shown = counts.index(0) + 1 if 0 in counts else len(counts)
    texts = [call_rule(rule, "describe", person) for rule in hard[:shown]]
    if counts[shown - 1]:
        return f"no {host} passes the hard rules"
    if shown <= 1:
        return f"no {host} {texts[0]}"
    steps = " → ".join(f"{text}: {count}" for text, count in zip(texts, counts, strict=False))
    return f"no {host} {', '.join(texts[:-1])} and {texts[-1]} ({steps})"
