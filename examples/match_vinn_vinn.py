"""Match a Vinn, vinn!-style sample program and explain the result.

Run: python examples/match_vinn_vinn.py

Shows the three kinds of rule together (hard rules, weighted preferences, a quota), a rule of
the program's own written against the protocol, and how to read the result: the matches with
their score breakdown, the unmatched with their reasons, and which mentors are missing.
"""

import datetime as dt

from mentorlib import samples
from mentorlib.matching import HardRule, match, rules

START = dt.date(2026, 8, 17)


def family_name(person):
    """Defined once, outside the rule: each side's array of it is then computed once."""
    return person.display_name.split()[-1]


class NotTheSameFamilyName(HardRule):
    """A program's own rule: never pair people who share a family name (they may be related)."""

    def allows(self, pairs):
        return pairs.mentee_values(family_name) != pairs.mentor_values(family_name)

    def describe(self, mentee):
        return "has another family name"


def main():
    data = samples.vinn_vinn(seed=0)
    program_rules = [
        rules.SharedLanguage("B1"),
        rules.WithinAgeWindows.from_program(data.program),
        rules.SafeguardingForMinors(through=data.program.duration),
        rules.WithinDistance(25),
        rules.AvailabilityOverlap(60),
        NotTheSameFamilyName(),
        rules.SharedInterests(weight=2),
        rules.SharedBackground(weight=2),
        rules.NativeLanguage(weight=3),
        rules.WaitingTime(weight=1),
        rules.Quota(minimum={"Trondheim": 8}),
    ]
    result = match(data.mentees, data.mentors, program_rules, on=START)
    print(result.summary())
    print()
    print(result.to_frame().sort_values("score", ascending=False).head(10).to_string(index=False))
    print()
    for item in result.unmatched:
        print(f"{item.mentee_id} ({item.reason.value}): {item.message}")
    print()
    print(result.shortage().to_string(index=False))


if __name__ == "__main__":
    main()
