"""Planning calls: a program's matches (or one match) and its gatherings turned into a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from mentorlib.model import (
    GroupGathering,
    Match,
    MatchStatus,
    MeetingStatus,
    Mentee,
    Mentor,
    Place,
    Program,
    ProgramData,
    Roster,
    Team,
    ValidationError,
)

from ._blackouts import BlackoutCalendar, HolidaysByYear
from ._bookings import Bookings
from ._events import Participant, PlannedGathering, PlannedMeeting, event_uid
from ._match_planner import Host, Person, host_people, plan_matches
from ._plan import MeetingPlan
from ._plan_options import DEFAULT_TIME, BlackoutPolicy, PlaceOption, plan_options

__all__ = ["plan_match", "plan_program"]


def _participant(person: Person, role: Literal["mentee", "mentor", "place"]) -> Participant:
    if isinstance(person, Place):
        return Participant(person.id, person.name, None, "place")
    return Participant(person.id, person.display_name, person.email, role)


def _host_participants(host: Host) -> list[Participant]:
    """Return the host's participants: each member of a team (as a mentor), else the host."""
    return [_participant(p, "mentor") for p in host_people(host)]


def _bookings(program: Program, booked: MeetingPlan | None, replanned: set[str]) -> Bookings:
    """Book the people of an earlier plan's events, but those ``replanned`` ("match x1").

    Only an earlier plan of the same program can hold an event planned anew: another
    program's "match x1" is another match. Cancelled events free their time; a place's time is
    not booked (see ``Bookings``).
    """
    if booked is not None and not isinstance(booked, MeetingPlan):
        raise ValidationError(
            f"expected a MeetingPlan, got {type(booked).__name__}",
            record="MeetingPlan",
            field="booked",
        )
    bookings = Bookings(program.zone)
    if booked is None:
        return bookings
    roles = {p.id: p.role for p in booked.participants}
    events: list[tuple[str, PlannedMeeting | PlannedGathering]] = [
        *((f"match {m.match_id}", m) for m in booked.meetings),
        *((f"gathering {g.gathering_id}", g) for g in booked.gatherings),
    ]
    same_program = booked.program_id == program.id
    for what, event in events:
        if event.is_cancelled or (same_program and what in replanned):
            continue
        people = [(i, roles.get(i, "mentor")) for i in event.participant_ids]
        bookings.add([p for p in people if p[1] != "place"], event.start, event.end, what)
    return bookings


def _check_person(value: object, kinds: tuple[type, ...], name: str) -> None:
    if not isinstance(value, kinds):
        names = [k.__name__ for k in kinds]  # "Mentor, Place or Team"
        expected = " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))
        raise ValidationError(
            f"expected a {expected}, got {type(value).__name__}", record="MeetingPlan", field=name
        )


def plan_match(
    program: Program,
    match: Match,
    mentee: Mentee,
    mentor: Mentor | Place | Team,
    *,
    blackouts: BlackoutCalendar | HolidaysByYear | None = None,
    policy: BlackoutPolicy | str = BlackoutPolicy.SKIP,
    prefer: dt.time = DEFAULT_TIME,
    place: PlaceOption = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    replace_skipped: bool = False,
    booked: MeetingPlan | None = None,
) -> MeetingPlan:
    """Plan one match's meetings on the program's cadence.

    Parameters
    ----------
    program
        Gives the cadence, the time zone, the first day (``starts_on``) and, with its duration,
        the end (``ends_on`` is the first day after the program).
    match
        Its meetings run from ``started_on`` to ``planned_end`` or the closure day, inside the
        program's days.
    mentee, mentor
        Their weekly windows choose the time; their ``unavailable`` ranges close days. A place
        can stand in for the mentor (its name becomes the meeting place). So can a
        :class:`~mentorlib.model.Team`: its members meet the mentee together, so the time
        must fit every member's windows (a member without windows limits nothing), each
        member's ``unavailable`` ranges close days, and every member takes part (a calendar
        attendee of their own). A team names no meeting place: give one with ``place``.
    blackouts
        Closed days; by default the public holidays (and eves) of the program's country, see
        :func:`public_holidays`, in every year a meeting can fall in (each year is loaded when
        a day in it is first planned). A calendar given here replaces them and covers only the
        years it was built for; to add school holidays to the default, and keep every year
        covered, pass ``HolidaysByYear(program.country) | school_holidays([...])``
        (:class:`HolidaysByYear`). Pass ``BlackoutCalendar()`` for none.
    policy
        ``"skip"`` or ``"move"`` a meeting that falls on a closed day (:class:`BlackoutPolicy`).
    prefer
        The local time to meet at when both windows allow it; otherwise the nearest start inside
        both windows (every window, with a team). Used as is when nobody has windows, unless
        the meeting would then end after 23:59: it ends at 23:59 instead.
    place
        The meeting place: text for every match, a mapping from match id to text (or ``None``),
        or a function of the match that returns text or ``None``. A match a mapping leaves out
        or maps to ``None``, or for which the function returns ``None``, has no place. By
        default (no ``place`` at all) a place that hosts the match names it. Empty text,
        anything else, and (in :func:`plan_program`) a mapping that names a match the program
        does not have are refused, as is a function's result other than text or ``None``,
        before any meeting is planned.
    starts_on, ends_on
        Narrow the days further (both included).
    replace_skipped
        ``True`` or ``False``. With a cadence of a fixed number of ``sessions``: add occurrences
        at the end until that many meetings are planned (a course keeps its 8 sessions). Refused
        when the cadence has no ``sessions``: its meetings run to the end of the match's days,
        so there is no number of meetings to make up.
    booked
        An earlier plan whose meetings and gatherings keep their people's time: a new match of
        a mentor who already meets someone on Mondays at 17:00 meets at another time, or on
        another day. It may be another program's (in another time zone, even). Cancelled
        events and a place's time do not count, nor, in a plan of the same program, the
        earlier meetings of the match planned now.

    Raises
    ------
    ValidationError
        For a bad option, naming it (record ``MeetingPlan``), before anything is planned.

    Returns
    -------
    MeetingPlan
        With the match's meetings, or the reason it has none in ``unscheduled``.

    Examples
    --------
    >>> import datetime as dt
    >>> from mentorlib.model import Cadence, Match, Mentee, Mentor, Period, Program
    >>> from mentorlib.scheduling import plan_match
    >>> program = Program("vinn", "Vinn, vinn!", country="NO", cadence=Cadence(interval=2),
    ...                   duration=Period(1, "year"), starts_on=dt.date(2026, 8, 17))
    >>> amina = Mentee("y01", "Amina", availability=["mon 16:00-19:00", "tue 16:00-19:00"])
    >>> ingrid = Mentor("m01", "Ingrid", availability=["mon 17:30-21:00", "tue 17:00-20:00"])
    >>> match = Match("x01", "y01", "m01", dt.date(2026, 8, 17))
    >>> plan = plan_match(program, match, amina, ingrid)
    >>> first = plan.meetings[0]
    >>> first.start.isoformat(), first.end.isoformat()
    ('2026-08-17T17:30:00+02:00', '2026-08-17T18:30:00+02:00')
    >>> plan.summary().meetings, [str(a) for a in plan.adjustments]
    (26, ['x01 #17 on 2027-03-29: skipped (2027-03-29 Easter Monday (public holiday))'])
    >>> moved = plan_match(program, match, amina, ingrid, policy="move")
    >>> [str(a) for a in moved.adjustments]
    ['x01 #17 on 2027-03-29: moved to 2027-03-30 17:00 (2027-03-29 Easter Monday (public holiday))']
    """
    _check_person(match, (Match,), "match")
    _check_person(mentee, (Mentee,), "mentee")
    _check_person(mentor, (Mentor, Place, Team), "mentor")
    for role, person in (("mentee_id", mentee), ("mentor_id", mentor)):
        if getattr(match, role) != person.id:
            raise ValidationError(
                f"the match names {getattr(match, role)!r}, but {person.id!r} was given",
                record="Match",
                record_id=match.id,
                field=role,
            )
    options = plan_options(
        program,
        blackouts=blackouts,
        policy=policy,
        prefer=prefer,
        place=place,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
    )
    bookings = _bookings(program, booked, {f"match {match.id}"})
    meetings, adjustments, unscheduled = plan_matches(options, [(match, mentee, mentor)], bookings)
    return MeetingPlan(
        program.id,
        program.name,
        program.time_zone,
        meetings,
        (),
        adjustments,
        unscheduled,
        (_participant(mentee, "mentee"), *_host_participants(mentor)),
        program.targets.meetings,
    )


def _attending(data: ProgramData, gathering: GroupGathering) -> tuple[str, ...]:
    """Return a gathering's participants with each team id replaced by its members' ids."""
    found: dict[str, None] = {}
    for person_id in gathering.participant_ids:
        team = data.teams.get(person_id)
        found.update(dict.fromkeys(team.member_ids if team is not None else (person_id,)))
    return tuple(found)


def _planned_gathering(
    program: Program, gathering: GroupGathering, participant_ids: tuple[str, ...]
) -> PlannedGathering:
    zone = program.zone
    return PlannedGathering(
        event_uid(program.id, "gathering", gathering.id),
        gathering.id,
        gathering.title,
        gathering.start.astimezone(zone),
        gathering.end.astimezone(zone),
        participant_ids,
        gathering.place,
        MeetingStatus.CANCELLED
        if gathering.status is MeetingStatus.CANCELLED
        else MeetingStatus.PLANNED,
    )


def plan_program(
    data: ProgramData,
    *,
    blackouts: BlackoutCalendar | HolidaysByYear | None = None,
    policy: BlackoutPolicy | str = BlackoutPolicy.SKIP,
    prefer: dt.time = DEFAULT_TIME,
    places: PlaceOption = None,
    gatherings: Iterable[GroupGathering] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    replace_skipped: bool = False,
    booked: MeetingPlan | None = None,
) -> MeetingPlan:
    """Plan the meetings of every match of a program, and its group gatherings.

    Matches still proposed are left out; a closed match is planned up to its closure day. A
    match's host is looked up in ``data.mentors``, ``data.places`` and ``data.teams``.
    ``gatherings`` are the program's own (``data.gatherings``) unless given; make evenly spread
    ones with :func:`spread_gatherings`. The other options are those of :func:`plan_match`.

    Nobody is planned into two events at once. The matches of places (a course, an activity)
    are planned first and keep their time; then the others, in the order of ``data.matches``.
    A meeting takes a time at which none of its people (the mentee, the mentor, each member of
    a team) is at a gathering, at an earlier match's meeting or at an event of ``booked``: a
    series meets at the free start nearest ``prefer`` that its days find most often, and on a
    day when that is taken, at the free start nearest it. A series that leaves the weekday open
    starts on the first day of its first period with a free time (so every-other-week series
    of one mentor take alternate weeks). A day with no free time is skipped (or moved, with
    ``policy="move"``), and the adjustment says who is booked when.

    Raises
    ------
    ValidationError
        When there is nothing to plan (no matches and no gatherings), or for a bad option; a
        :class:`~mentorlib.DuplicateIdError` naming the gathering when two share an id.

    Examples
    --------
    >>> from mentorlib import samples
    >>> from mentorlib.scheduling import plan_program
    >>> plan = plan_program(samples.vinn_vinn(seed=0))
    >>> print(plan.summary())
    198 meetings planned for 12 matches (target 1,200: 16%); 40 matches without a common
    time; 16 skipped, 0 moved, 0 shifted; 6 gatherings

    The sample's matches were made on language alone, so most pairs share no 90-minute
    window; matching on availability first avoids that.
    """
    if not isinstance(data, ProgramData):
        raise ValidationError(
            f"expected a ProgramData, got {type(data).__name__}",
            record="MeetingPlan",
            field="data",
        )
    program = data.program
    matches = [m for m in data.matches if m.status is not MatchStatus.PROPOSED]
    chosen = list(data.gatherings if gatherings is None else gatherings)
    for item in chosen:
        _check_person(item, (GroupGathering,), "gatherings")
    Roster(chosen)  # two gatherings with one id are refused naming it, as ProgramData does
    if not matches and not chosen:
        raise ValidationError(
            "nothing to plan: the program has no matches and no gatherings; match people "
            "first, or give gatherings",
            record="ProgramData",
            record_id=program.id,
            field="matches",
        )
    replanned = {f"match {m.id}" for m in matches} | {f"gathering {g.id}" for g in chosen}
    bookings = _bookings(program, booked, replanned)
    options = plan_options(
        program,
        blackouts=blackouts,
        policy=policy,
        prefer=prefer,
        place=places,
        starts_on=starts_on,
        ends_on=ends_on,
        replace_skipped=replace_skipped,
        place_field="places",
        match_ids=data.matches,
    )
    pairs: list[tuple[Match, Mentee, Host]] = []
    for match in matches:
        host: Host = (
            data.mentors.get(match.mentor_id)
            or data.places.get(match.mentor_id)
            or data.teams[match.mentor_id]
        )
        pairs.append((match, data.mentees[match.mentee_id], host))
    people: dict[str, Participant] = {}
    for _, mentee, host in pairs:
        people.setdefault(mentee.id, _participant(mentee, "mentee"))
        for participant in _host_participants(host):
            people.setdefault(participant.id, participant)
    attending: dict[str, tuple[str, ...]] = {}  # a gathering's people, a team as its members
    for gathering in chosen:
        attending[gathering.id] = _attending(data, gathering)
        for person_id in attending[gathering.id]:
            if person_id not in people:
                person: Person | None = data.mentees.get(person_id) or data.mentors.get(person_id)
                if person is None:
                    raise ValidationError(
                        f"participant {person_id!r} is not one of the program's people or teams",
                        record="GroupGathering",
                        record_id=gathering.id,
                        field="participant_ids",
                    )
                role: Literal["mentee", "mentor"] = (
                    "mentee" if isinstance(person, Mentee) else "mentor"
                )
                people[person_id] = _participant(person, role)
        if gathering.status is not MeetingStatus.CANCELLED:
            bookings.add(
                [(p, people[p].role) for p in attending[gathering.id] if people[p].role != "place"],
                gathering.start,
                gathering.end,
                f"gathering {gathering.id}",
            )
    meetings, adjustments, unscheduled = plan_matches(options, pairs, bookings)
    return MeetingPlan(
        program.id,
        program.name,
        program.time_zone,
        meetings,
        [_planned_gathering(program, g, attending[g.id]) for g in chosen],
        adjustments,
        unscheduled,
        sorted(people.values(), key=lambda p: p.id),
        program.targets.meetings,
    )
