"""Built-in side constraints: quotas, locked pairs, limited changes and max-min fairness."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from mentorlib.model import Location, Match, MatchStatus, Team, ValidationError
from mentorlib.model._validators import describe_value

from ._pairs import Role
from ._problem import Assignment
from ._rules import SideConstraint, plain_number

__all__ = ["Locked", "MaxChanges", "Quota", "RaiseLowestScore"]


def _municipality(person: Any) -> str | None:
    where = _place(person)
    return None if where is None else where.municipality


def _place(person: Any) -> Location | None:
    """Return where a quota by municipality counts ``person`` (None: in no group).

    A person's or place's own location; a team's own location, or, for a team without one, the
    municipality all its members live in (None when they live in different ones, or one of them
    gave no location). Members in two countries' municipalities of one name live apart.
    """
    where = getattr(person, "location", None)
    if where is not None or not isinstance(person, Team):
        return where
    homes = {
        None if m.location is None else (m.location.country, m.location.municipality)
        for m in person.members
    }
    if len(homes) != 1 or None in homes:
        return None
    return person.members[0].location


def _counts(value: Mapping[str, int] | None) -> dict[str, int]:
    counts = {key: plain_number(count) for key, count in dict(value or {}).items()}
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(
                f"{key!r}: a quota is a whole number ≥ 0, got {count!r}", record="Quota"
            )
    return counts


def _side(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("mentee", "mentor"):
        raise ValidationError(
            f"must be 'mentee' or 'mentor', got {describe_value(value)}",
            record="Quota",
            field="side",
        )


@attrs.frozen
class Quota(SideConstraint):
    """At least ``minimum[g]`` and at most ``maximum[g]`` matches per group ``g``.

    On the mentee side that is matched mentees; on the mentor side, matches, so a mentor of
    the group who takes three mentees counts three. Groups partition one ``side`` by
    ``by(person)`` (the municipality's name by default; a
    bounded name that two countries share is refused, pass ``by`` to tell them apart); people
    whose group has no entry are unbounded. As one partition per side this stays a network
    flow. ``by`` must give a string (or None for no group). A bounded group that nobody is in
    but that differs only in case from one that exists ("oslo" for "Oslo") is refused as a
    typo.

    With teams among the mentors, ``by`` is given each :class:`~mentorlib.model.Team` record
    (its members in ``.members``), not the members: a ``by`` that reads a field only people
    have, such as ``lambda m: m.gender``, must handle teams itself. By default a team counts
    under its own ``location``'s municipality; a team without one, under the municipality all
    its members live in; when they live in different ones, it is in no group. Any exception
    ``by`` raises becomes a :class:`~mentorlib.ValidationError` that names the quota and the
    record ``by`` was given, with the original exception as its cause.

    >>> Quota(minimum={"Trondheim": 20}, maximum={"Oslo": 40}).name
    'Quota by municipality'
    >>> Quota(maximum={"Oslo": 10}, side="mentor").name
    'Quota by mentor municipality'
    """

    minimum: dict[str, int] = attrs.field(factory=dict, converter=_counts)
    maximum: dict[str, int] = attrs.field(factory=dict, converter=_counts)
    by: Callable[[Any], str | None] = attrs.field(default=_municipality, kw_only=True)
    side: Role = attrs.field(default="mentee", kw_only=True, validator=_side)
    label: str = attrs.field(default="municipality", kw_only=True)

    def __attrs_post_init__(self) -> None:
        for group, low in self.minimum.items():
            high = self.maximum.get(group)
            if high is not None and high < low:
                raise ValidationError(
                    f"group {group!r}: maximum {high} is below minimum {low}",
                    record="Quota",
                    field="maximum",
                )

    @property
    def name(self) -> str:
        return (
            f"Quota by {self.label}" if self.side == "mentee" else f"Quota by mentor {self.label}"
        )

    def constrain(self, assignment: Assignment) -> None:
        people = assignment.mentees if self.side == "mentee" else assignment.mentors
        labels = sorted(set(self.minimum) | set(self.maximum))
        if self.by is _municipality:
            _refuse_shared_names(people.people, labels)
        found = [self._group_of(p) for p in people.people]
        self._check_groups(people.people, found, labels)
        position = {label: k for k, label in enumerate(labels)}
        groups = np.array([position.get(g, -1) for g in found], dtype=np.int64)  # type: ignore[arg-type]
        big = int(people.capacity.sum())
        assignment.group_bounds(
            self.name,
            side=self.side,
            groups=groups,
            labels=labels,
            minimum=[self.minimum.get(g, 0) for g in labels],
            maximum=[self.maximum.get(g, max(big, self.minimum.get(g, 0))) for g in labels],
        )

    def _group_of(self, person: Any) -> str | None:
        """Return ``by(person)``; an exception it raises is refused, naming quota and record.

        The message names the exception's type, not its text, which may hold a person's data;
        the exception itself is the cause, so a traceback shows it in full.
        """
        try:
            return self.by(person)
        except Exception as error:
            missing = getattr(error, "name", None) if isinstance(error, AttributeError) else None
            what = type(error).__name__ + (
                f" (no attribute {missing!r})" if isinstance(missing, str) else ""
            )
            hint = (
                "; by() is given each team as a Team record, its members in .members: have it "
                "give a team's group (or None for no group) from the team or its members"
                if isinstance(person, Team)
                else ""
            )
            raise ValidationError(
                f"by() raised {what} for {type(person).__name__} {person.id!r}{hint}",
                record=self.name,
                field="by",
            ) from error

    def _check_groups(
        self, people: Sequence[Any], found: Sequence[object], labels: Sequence[str]
    ) -> None:
        """Refuse a group that is not a string, and a bounded one that is a typo of a real one."""
        for person, group in zip(people, found, strict=True):
            if group is not None and not isinstance(group, str):
                raise ValidationError(
                    f"by() gave a {type(group).__name__} for {person.id!r}; "
                    "it must give a string (or None)",
                    record=self.name,
                    field="by",
                )
        present = {g for g in found if g is not None}
        folded = {str(g).casefold(): g for g in present}
        for label in labels:
            near = folded.get(label.casefold())
            if label not in present and near is not None:
                raise ValidationError(
                    f"nobody is in group {label!r}; did you mean {near!r}?",
                    record=self.name,
                    field="maximum" if label in self.maximum else "minimum",
                )


def _refuse_shared_names(people: Iterable[Any], labels: Iterable[str]) -> None:
    """Refuse a bounded municipality name that stands for places in two countries."""
    bounded = set(labels)
    countries: dict[str, set[str]] = {}
    for person in people:
        where = _place(person)
        if where is not None and where.municipality in bounded:
            countries.setdefault(where.municipality, set()).add(where.country)
    for name, found in sorted(countries.items()):
        if len(found) > 1:
            raise ValidationError(
                f"{name!r} names a municipality in {' and '.join(sorted(found))}; group by "
                "country too, e.g. by=lambda p: f'{p.location.country} {p.location.municipality}'",
                record="Quota",
                field="by",
            )


def _pairs(values: Iterable[tuple[Any, Any] | Match]) -> tuple[tuple[str, str], ...]:
    """Pairs as (mentee id, mentor id): from matches, id pairs, or pairs of records.

    A closed match is history, not a pair to keep: it is left out (proposed, active and
    paused matches are current pairs). A pair listed twice is kept once.
    """
    out = []
    for value in values:
        if isinstance(value, Match):
            if value.status is not MatchStatus.CLOSED:
                out.append((value.mentee_id, value.mentor_id))
            continue
        if (
            isinstance(value, str)
            or not isinstance(value, Sequence | np.ndarray)
            or len(value) != 2
        ):
            raise ValidationError(
                f"each pair must be (mentee, mentor) or a Match, got a {type(value).__name__}"
                + (f" of {len(value)}" if isinstance(value, Sequence | np.ndarray) else ""),
                record="pairs",
                field="pairs",
            )
        out.append((_id_of(value[0]), _id_of(value[1])))
    return tuple(dict.fromkeys(out))


def _id_of(person: object) -> str:
    """Return the id of a record, or the id itself (never the record's text: it has names)."""
    found = getattr(person, "id", person)
    if not isinstance(found, str):
        raise ValidationError(
            f"a pair names a person by id (a string) or record, got a {type(found).__name__}",
            record="pairs",
            field="pairs",
        )
    return str(found)  # a plain str, also for a numpy string from an array of pairs


@attrs.frozen
class Locked(SideConstraint):
    """Keep these pairs (``(mentee_id, mentor_id)`` or matches) from an earlier round.

    Locked pairs stay even where a hard rule would now refuse them; the result marks them.
    Closed matches are left out: they are history, not pairs to keep.
    """

    pairs: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)

    def constrain(self, assignment: Assignment) -> None:
        for mentee_id, mentor_id in self.pairs:
            assignment.lock(mentee_id, mentor_id, name=self.name)


@attrs.frozen
class MaxChanges(SideConstraint):
    """Of the ``previous`` pairs, at most ``at_most`` may be broken up.

    A pair is broken up only when that matches more people or scores higher: between equally
    good assignments, the one keeping more previous pairs is chosen.

    Closed matches are not previous pairs, and a pair listed twice counts once. Pairs whose
    mentee or mentor has left are not counted, nor are previous pairs that a hard rule now
    refuses: those must change anyway, and do not use up ``at_most`` (so a larger ``at_most``
    never makes a rematch infeasible). Needs a MILP, unless the best rematch keeps it anyway.
    """

    previous: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    at_most: int = attrs.field(default=0, kw_only=True)

    def constrain(self, assignment: Assignment) -> None:
        kept = []  # the previous pairs still here that the hard rules allow
        for mentee_id, mentor_id in self.previous:
            if (
                mentee_id not in assignment.mentees.index
                or mentor_id not in assignment.mentors.index
            ):
                continue
            position = assignment.pair_index(mentee_id, mentor_id)
            if position is not None:
                kept.append(position)
        if kept:
            assignment.bound(self.name, kept, at_least=max(0, len(kept) - self.at_most))
            assignment.prefer(self.name, kept)


@attrs.frozen
class RaiseLowestScore(SideConstraint):
    """Max-min fairness: among the assignments matching the most people, raise the worst score.

    The total score is then maximised among those whose worst pair is as good as it can be.
    Locked pairs are left out: they are kept whatever they score.
    """

    def constrain(self, assignment: Assignment) -> None:
        assignment.raise_lowest_score()
