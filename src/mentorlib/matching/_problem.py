"""The assignment being built: candidate pairs, their scores, and what side constraints demand."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from mentorlib.model import UnknownIdError, ValidationError

from ._pairs import BoolArray, FloatArray, IntArray, Pairs, Role, Side

__all__ = ["Assignment", "Bound", "GroupBounds", "Lock"]


@attrs.frozen
class Bound:
    """``at_least ≤ Σ coefficients·chosen(pair) ≤ at_most`` over some candidate pairs."""

    name: str
    pairs: IntArray = attrs.field(eq=False)
    coefficients: IntArray = attrs.field(eq=False)
    at_least: int | None
    at_most: int | None

    def total(self, chosen: BoolArray) -> int:
        """Return Σ coefficients·chosen(pair) for a choice of pairs (a mask over all pairs)."""
        return int(self.coefficients @ chosen[self.pairs])


@attrs.frozen
class GroupBounds:
    """Minimum and maximum matched per group of one side's people (a partition)."""

    name: str
    side: Role
    groups: IntArray = attrs.field(eq=False)
    labels: tuple[str, ...]
    minimum: IntArray = attrs.field(eq=False)
    maximum: IntArray = attrs.field(eq=False)


@attrs.frozen
class Lock:
    """A pair kept whatever the rules say, by the constraint ``name``."""

    mentee: int
    mentor: int
    name: str


class Assignment:
    """What a :class:`~mentorlib.matching.SideConstraint` sees and constrains.

    It holds the candidate :attr:`pairs` (allowed by every hard rule) with their total
    :attr:`scores`, and collects bounds: :meth:`bound` for any linear bound on chosen pairs,
    :meth:`group_bounds` for quotas over groups of one side, :meth:`lock` to keep a pair,
    :meth:`prefer` to break ties towards some pairs, and :meth:`raise_lowest_score` for max-min
    fairness.
    """

    def __init__(self, pairs: Pairs, scores: FloatArray) -> None:
        self.pairs = pairs
        self.scores = scores
        self.bounds: list[Bound] = []
        self.group_limits: list[GroupBounds] = []
        self.locks: list[Lock] = []
        self.preferred = np.zeros(len(pairs), dtype=np.bool_)
        self.fair = False
        self._positions: dict[tuple[int, int], int] | None = None

    @property
    def mentees(self) -> Side:
        """The mentee side."""
        return self.pairs.mentees

    @property
    def mentors(self) -> Side:
        """The mentor side."""
        return self.pairs.mentors

    def pair_index(self, mentee_id: str, mentor_id: str) -> int | None:
        """Return the pair's position among the candidates, or ``None`` if no rule allows it."""
        mentee, mentor = self._person("mentee", mentee_id), self._person("mentor", mentor_id)
        if self._positions is None:
            self._positions = {
                (int(a), int(b)): k
                for k, (a, b) in enumerate(zip(self.pairs.mentee, self.pairs.mentor, strict=True))
            }
        return self._positions.get((mentee, mentor))

    def _person(self, role: Role, person_id: str) -> int:
        side = self.mentees if role == "mentee" else self.mentors
        try:
            return side.index[person_id]
        except KeyError:
            raise UnknownIdError(person_id, record=role, hint=_team_of(side, person_id)) from None

    def bound(
        self,
        name: str,
        pairs: Sequence[int] | IntArray,
        *,
        coefficients: Sequence[int] | IntArray | None = None,
        at_least: int | None = None,
        at_most: int | None = None,
    ) -> None:
        """Bound the (weighted) number of chosen pairs among ``pairs`` (candidate positions).

        ``pairs`` are whole numbers from 0 to ``len(assignment.pairs) - 1`` (a negative one is
        refused, not counted from the end); for a mask over the candidates, pass
        ``np.flatnonzero(mask)``.
        """
        index = self._positions_of(pairs, record="Assignment.bound", name=name)
        weights = (
            np.ones(len(index), dtype=np.int64)
            if coefficients is None
            else np.asarray(coefficients, dtype=np.int64)
        )
        if weights.shape != index.shape:
            raise ValidationError(
                "needs one coefficient per pair",
                record="Assignment.bound",
                record_id=name,
                field="coefficients",
            )
        if at_least is None and at_most is None:
            raise ValidationError(
                "give at_least, at_most or both",
                record="Assignment.bound",
                record_id=name,
                field="at_least",
            )
        self.bounds.append(Bound(name, index, weights, at_least, at_most))

    def prefer(self, name: str, pairs: Sequence[int] | IntArray) -> None:
        """Among equally good assignments, choose one that keeps the most of ``pairs``.

        Equally good means as many matched and the same total score in hundredths: a
        preferred pair never costs a match or a hundredth of score. ``MaxChanges`` prefers the
        previous pairs, so a rematch breaks one up only when that matches more people or
        scores higher. ``pairs`` are candidate positions, as for :meth:`bound`.
        """
        self.preferred[self._positions_of(pairs, record="Assignment.prefer", name=name)] = True

    def _positions_of(self, pairs: Sequence[int] | IntArray, *, record: str, name: str) -> IntArray:
        """Return ``pairs`` as candidate positions, refusing anything else (naming ``name``)."""
        given = np.asarray(pairs)
        count = len(self.pairs)
        if given.ndim != 1 or (given.size and given.dtype.kind not in "iu"):
            raise ValidationError(
                "expected a list of candidate pair positions (whole numbers), got "
                f"{given.dtype} of shape {given.shape}; for a mask use np.flatnonzero(mask)",
                record=record,
                record_id=name,
                field="pairs",
            )
        index: IntArray = given.astype(np.int64)
        outside = index[(index < 0) | (index >= count)]
        if outside.size:
            where = f"positions run from 0 to {count - 1}" if count else "there are none"
            raise ValidationError(
                f"position {int(outside[0])} is not a candidate pair; {where}",
                record=record,
                record_id=name,
                field="pairs",
            )
        return index

    def group_bounds(
        self,
        name: str,
        *,
        side: Role,
        groups: IntArray,
        labels: Sequence[str],
        minimum: Sequence[int] | IntArray,
        maximum: Sequence[int] | IntArray,
    ) -> None:
        """Bound how many of each group of one side are matched (``groups[i] = -1``: none).

        A partition of one side keeps the problem a network flow, so it solves fast.
        """
        people = self.mentees if side == "mentee" else self.mentors
        group_of = np.asarray(groups, dtype=np.int64)
        low = np.asarray(minimum, dtype=np.int64)
        high = np.asarray(maximum, dtype=np.int64)
        if group_of.shape != (len(people),) or not low.shape == high.shape == (len(labels),):
            raise ValidationError(
                "needs one group per person and one minimum and maximum per label",
                record="Assignment.group_bounds",
                field="groups",
            )
        self.group_limits.append(GroupBounds(name, side, group_of, tuple(labels), low, high))

    def lock(self, mentee_id: str, mentor_id: str, *, name: str) -> None:
        """Keep the pair in the result, even where a hard rule would now refuse it."""
        self.locks.append(
            Lock(self._person("mentee", mentee_id), self._person("mentor", mentor_id), name)
        )

    def raise_lowest_score(self) -> None:
        """Among the best assignments by count, prefer the one whose worst pair scores highest."""
        self.fair = True


def _team_of(side: Side, person_id: str) -> str | None:
    """Say which team a mentor is in, for an error that names her instead of the team."""
    members = side.members
    if members is None:
        return None
    for row, member_id in enumerate(members.side.ids):
        if member_id == person_id:
            team = members.side.host_ids[row]
            return f"{person_id!r} is a member of team {team!r}: name the team"
    return None
