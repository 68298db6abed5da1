"""Match youths to teams of two adults, as Vinn, vinn! does, then plan the teams' meetings.

Run: python examples/match_teams.py

Two adults from the same municipality form a team that takes two youths. Matching judges a team
through each adult: a minor gets a team only when both adults hold a valid safeguarding check,
speak a language with the youth and live within reach; the team's score is the adults' mean.
The matches then go into the program's records, and the meeting plan finds times when the youth
and both adults are free and invites each adult.
"""

import datetime as dt
from itertools import groupby

import attrs

from mentorlib import Team, samples
from mentorlib.matching import match, rules
from mentorlib.model import MatchStatus
from mentorlib.scheduling import plan_program

START = dt.date(2026, 8, 17)


def municipality(mentor):
    return mentor.location.municipality if mentor.location else ""


def first_window(mentor):
    window = min(mentor.availability, default=None, key=lambda w: (w.weekday, w.start))
    return (-1, dt.time()) if window is None else (window.weekday, window.start)


def teams_of_two(mentors):
    """Pair the adults of each municipality, those free earliest in the week together.

    One left over in a municipality stays out.
    """
    teams = []
    ordered = sorted(mentors, key=lambda m: (municipality(m), first_window(m)))
    for town, adults in groupby(ordered, key=municipality):
        adults = list(adults)
        for first, second in zip(adults[::2], adults[1::2], strict=False):
            number = len(teams) + 1
            teams.append(
                Team(
                    f"team-{number:02}",
                    f"{town or 'Team'} {number}",
                    members=[first, second],
                    capacity=2,
                    location=first.location,
                )
            )
    return teams


def main():
    data = samples.vinn_vinn(seed=0)
    teams = teams_of_two(data.mentors)
    program_rules = [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(data.program),
        rules.SafeguardingForMinors(through=data.program.duration),
        rules.WithinDistance(25),
        # A meeting's length every week when the youth and both adults are free together.
        rules.AvailabilityOverlap(data.program.cadence.meeting_minutes),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(weight=2),
        rules.NativeLanguage(weight=3),
    ]
    result = match(data.mentees, teams, program_rules, on=START)
    print(f"{len(teams)} teams of two adults")
    print(result.summary())
    print()
    by_team = {t.id: t for t in teams}
    for pairing in result.pairings[:5]:
        adults = " and ".join(m.display_name for m in by_team[pairing.mentor_id].members)
        print(f"{pairing.explain()}  [{adults}]")
    print()
    for item in result.unmatched[:5]:
        print(f"{item.mentee_id} ({item.reason.value}): {item.message}")

    # The coordinator confirms the proposed matches; they become the program's records (in
    # place of the sample's year of history), with the teams; then a year of meetings.
    matches = [
        attrs.evolve(m, status=MatchStatus.ACTIVE) for m in result.to_matches(started_on=START)
    ]
    program = attrs.evolve(data, matches=matches, meetings=[], teams=teams)
    plan = plan_program(program, places="Redd Barna, Oslo")
    print()
    print(plan.summary())


if __name__ == "__main__":
    main()
