"""Teams: volunteers who take mentees together, such as Vinn, vinn!'s two adults."""

from __future__ import annotations

from typing import Any

import attrs

from ._display import Displayable, brief_repr
from ._errors import ValidationError
from ._location import Location, to_location
from ._people import Mentor
from ._validators import identifier, integer, plain_int, record, text, to_records

__all__ = ["Team"]


def _members(values: Any) -> tuple[Mentor, ...]:
    return to_records(Mentor, values)


@record
@attrs.frozen
class Team(Displayable):
    """Volunteer mentors who take up to ``capacity`` mentees together, as one match.

    Vinn, vinn! pairs two youths with two adults: a team of two members with capacity 2.
    Matching treats a team as one mentor whom every hard rule must allow through *each* member
    (so each adult's safeguarding check counts, unlike a :class:`Place`'s); its score is the
    members' mean. The members' own ``capacity`` is not used: the team's is. ``location`` is
    where the team meets: a mentor-side ``Quota`` counts the team's matches under its
    municipality (without one, under the municipality all the members live in). Distance
    rules use each member's own location, and meeting plans name no place unless asked.

    >>> a = Mentor("m01", "Ingrid", languages={"nb": "native"})
    >>> b = Mentor("m02", "Yonas", languages={"nb": "C1", "ti": "native"})
    >>> crew = Team("t1", "Oslo team 1", members=[a, b], capacity=2)
    >>> crew.member_ids
    ('m01', 'm02')

    Like a person's, a team's ``repr()`` leaves out its members' data:

    >>> crew
    Team(id='t1', name='Oslo team 1', member_ids=('m01', 'm02'), ...)
    """

    id: str = attrs.field(validator=identifier())
    name: str = attrs.field(validator=text())
    members: tuple[Mentor, ...] = attrs.field(repr=False, converter=_members)
    capacity: int = attrs.field(repr=False, converter=plain_int, validator=integer(0))
    location: Location | None = attrs.field(repr=False, default=None, converter=to_location)

    def __attrs_post_init__(self) -> None:
        ids = self.member_ids
        twice = sorted({i for i in ids if ids.count(i) > 1})
        problem, field = None, "members"
        if not ids:
            problem = "a team needs at least one member"
        elif twice:
            problem = f"member {twice[0]!r} is listed twice"
        elif self.id in ids:
            problem = f"the team's id {self.id!r} is also a member's; a team needs an id of its own"
            field = "id"
        if problem is not None:
            raise ValidationError(problem, record="Team", record_id=self.id, field=field)

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The members' ids, in the order given."""
        return tuple(m.id for m in self.members)

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    def __repr__(self) -> str:
        return brief_repr(self, id=self.id, name=self.name, member_ids=self.member_ids)
