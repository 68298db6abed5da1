"""Everything one program holds, checked as a whole: every reference points at a record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ._assessments import Assessment, Outcome
from ._display import html_table
from ._errors import ValidationError
from ._matches import Match
from ._meetings import GroupGathering, Meeting
from ._people import Mentee, Mentor
from ._places import Place
from ._program import Program
from ._referrals import Commitment, Referral
from ._roster import Roster
from ._teams import Team
from ._validators import each, instance_of

__all__ = ["ProgramData"]


def _mentees(values: Iterable[Mentee]) -> Roster[Mentee]:
    return values if isinstance(values, Roster) else Roster(values)


def _mentors(values: Iterable[Mentor]) -> Roster[Mentor]:
    return values if isinstance(values, Roster) else Roster(values)


def _places(values: Iterable[Place]) -> Roster[Place]:
    return values if isinstance(values, Roster) else Roster(values)


def _teams(values: Iterable[Team]) -> Roster[Team]:
    return values if isinstance(values, Roster) else Roster(values)


def _matches(values: Iterable[Match]) -> Roster[Match]:
    return values if isinstance(values, Roster) else Roster(values)


def _meetings(values: Iterable[Meeting]) -> Roster[Meeting]:
    return values if isinstance(values, Roster) else Roster(values)


def _gatherings(values: Iterable[GroupGathering]) -> Roster[GroupGathering]:
    return values if isinstance(values, Roster) else Roster(values)


def _referrals(values: Iterable[Referral]) -> Roster[Referral]:
    return values if isinstance(values, Roster) else Roster(values)


def _commitments(values: Iterable[Commitment]) -> Roster[Commitment]:
    return values if isinstance(values, Roster) else Roster(values)


def _assessments(values: Iterable[Assessment]) -> Roster[Assessment]:
    return values if isinstance(values, Roster) else Roster(values)


def _outcomes(values: Iterable[Outcome]) -> Roster[Outcome]:
    return values if isinstance(values, Roster) else Roster(values)


@attrs.frozen
class ProgramData:
    """A program with its people, places, teams, matches, meetings and follow-up records.

    Construction checks the whole: ids are unique within each collection, no id is both a mentee
    and a mentor (or a place or team), a team's members are the program's mentors as recorded,
    no mentor is a member of two teams, and every reference (a match's mentee and mentor, a
    meeting's match, an assessment's person, ...) names an existing record. Collections are
    :class:`Roster` objects; any iterable of records is accepted.

    >>> from mentorlib import samples
    >>> data = samples.program(seed=1, mentees=6, mentors=4)
    >>> len(data.mentees), len(data.mentors)
    (6, 4)
    """

    program: Program = attrs.field(validator=instance_of(Program))
    mentees: Roster[Mentee] = attrs.field(
        default=(), converter=_mentees, validator=each(instance_of(Mentee))
    )
    mentors: Roster[Mentor] = attrs.field(
        default=(), converter=_mentors, validator=each(instance_of(Mentor))
    )
    places: Roster[Place] = attrs.field(
        default=(), converter=_places, validator=each(instance_of(Place))
    )
    matches: Roster[Match] = attrs.field(
        default=(), converter=_matches, validator=each(instance_of(Match))
    )
    meetings: Roster[Meeting] = attrs.field(
        default=(), converter=_meetings, validator=each(instance_of(Meeting))
    )
    gatherings: Roster[GroupGathering] = attrs.field(
        default=(), converter=_gatherings, validator=each(instance_of(GroupGathering))
    )
    referrals: Roster[Referral] = attrs.field(
        default=(), converter=_referrals, validator=each(instance_of(Referral))
    )
    commitments: Roster[Commitment] = attrs.field(
        default=(), converter=_commitments, validator=each(instance_of(Commitment))
    )
    assessments: Roster[Assessment] = attrs.field(
        default=(), converter=_assessments, validator=each(instance_of(Assessment))
    )
    outcomes: Roster[Outcome] = attrs.field(
        default=(), converter=_outcomes, validator=each(instance_of(Outcome))
    )
    teams: Roster[Team] = attrs.field(
        default=(), converter=_teams, validator=each(instance_of(Team))
    )

    def __attrs_post_init__(self) -> None:
        self._check_sides_disjoint()
        mentees = set(self.mentees.ids)
        hosts = set(self.mentors.ids) | set(self.places.ids) | set(self.teams.ids)
        self._check_team_members()
        people = mentees | set(self.mentors.ids)
        for match in self.matches:
            _refer(match, "mentee_id", mentees, "mentee")
            _refer(match, "mentor_id", hosts, "mentor, place or team")
        matches = set(self.matches.ids)
        for meeting in self.meetings:
            _refer(meeting, "match_id", matches, "match")
        for gathering in self.gatherings:
            for person_id in gathering.participant_ids:
                if person_id not in people and person_id not in self.teams.ids:
                    raise ValidationError(
                        f"participant {person_id!r} is not one of the program's people or teams",
                        record="GroupGathering",
                        record_id=gathering.id,
                        field="participant_ids",
                    )
        for referral in self.referrals:
            if referral.person_id is not None:
                _refer(referral, "person_id", mentees, "mentee")
        for item in (*self.assessments, *self.outcomes):
            _refer(item, "person_id", people, "mentee or mentor")

    def _check_sides_disjoint(self) -> None:
        mentees = set(self.mentees.ids)
        for other in (*self.mentors, *self.places, *self.teams):
            if other.id in mentees:
                clash = "mentee"
            elif not isinstance(other, Mentor) and other.id in self.mentors:
                clash = "mentor"
            elif isinstance(other, Team) and other.id in self.places:
                clash = "place"
            else:
                continue
            raise ValidationError(
                f"the id is used on both sides (a {clash} has it too); mentees, mentors, places "
                "and teams need distinct ids",
                record=type(other).__name__,
                record_id=other.id,
                field="id",
            )

    def _check_team_members(self) -> None:
        """Check that teams hold the program's mentors as recorded, each in one team at most.

        As recorded, so their checks count; in one team, since each team has a capacity of its
        own and nothing else would stop a mentor from being booked twice.
        """
        team_of: dict[str, str] = {}
        for team in self.teams:
            for member in team.members:
                if member.id in team_of:
                    problem = (
                        f"member {member.id!r} is also a member of team {team_of[member.id]!r}; "
                        "a mentor can be in one team only"
                    )
                elif member.id not in self.mentors:
                    problem = f"member {member.id!r} is not one of the program's mentors"
                elif (recorded := self.mentors[member.id]) != member:
                    fields = ", ".join(  # field names only: no one's data in the message
                        f.name
                        for f in attrs.fields(Mentor)
                        if getattr(recorded, f.name) != getattr(member, f.name)
                    )
                    problem = (
                        f"member {member.id!r} differs from the program's record of that mentor"
                        f"{f' (in {fields})' if fields else ''}; build the team from data.mentors"
                    )
                else:
                    team_of[member.id] = team.id
                    continue
                raise ValidationError(problem, record="Team", record_id=team.id, field="members")

    def counts(self) -> dict[str, int]:
        """How many records each collection holds."""
        return {
            f.name: len(getattr(self, f.name))
            for f in attrs.fields(type(self))
            if isinstance(getattr(self, f.name), Roster)
        }

    def __repr__(self) -> str:
        counts = "".join(f", {k}={v}" for k, v in self.counts().items() if v)
        return f"ProgramData({self.program.name!r}{counts})"

    def _repr_html_(self) -> str:
        rows = [{"collection": k, "records": v} for k, v in self.counts().items()]
        return html_table(rows, caption=str(self.program))


def _refer(item: Any, field: str, known: set[str], kind: str) -> None:
    value = getattr(item, field)
    if value not in known:
        raise ValidationError(
            f"no {kind} with id {value!r} in this program",
            record=type(item).__name__,
            record_id=item.id,
            field=field,
        )
