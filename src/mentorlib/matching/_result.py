"""What matching returns: the matches with their explanations, and everyone left unmatched."""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from mentorlib.model import Match, MatchStatus

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MatchResult", "Pairing", "Unmatched", "UnmatchedReason"]


@attrs.frozen
class Pairing:
    """One match the solver chose: who with whom, its score and where the score came from.

    ``breakdown`` maps each score rule's name to what it added (weight × score); the values
    sum to ``score``. ``locked`` pairs were kept from an earlier round by a side constraint,
    even where hard rules now refuse them: ``refused_by`` names those rules (say, a mentor's
    safeguarding check that has lapsed), so a coordinator can act on them.
    """

    mentee_id: str
    mentor_id: str
    score: float
    breakdown: Mapping[str, float] = attrs.field(eq=False)
    locked: bool = False
    refused_by: tuple[str, ...] = ()

    def explain(self) -> str:
        """Say in one line why this pair scored what it did."""
        parts = [f"{name} +{value:.2f}" for name, value in self.breakdown.items() if value]
        text = f"{self.mentee_id} ↔ {self.mentor_id}: score {self.score:.2f}"
        if parts:
            text += " (" + ", ".join(parts) + ")"
        if self.refused_by:
            return text + f" [locked; now refused by {', '.join(self.refused_by)}]"
        return text + (" [locked]" if self.locked else "")


class UnmatchedReason(enum.StrEnum):
    """Why a mentee was left without a match.

    ``NO_CANDIDATE``: the hard rules leave no mentor for them at all.
    ``CAPACITY``: every allowed mentor's places went to others.
    ``SIDE_CONSTRAINT``: allowed mentors had room, but a side constraint (a quota, fairness,
    limited changes) kept the mentee out.
    ``NOT_ELIGIBLE``: a hard rule refuses the mentee whoever the mentor (outside the mentee
    age window, say; see :meth:`~mentorlib.matching.HardRule.eligible`): no new mentor
    would help.
    """

    NO_CANDIDATE = "no candidate"
    CAPACITY = "capacity taken"
    SIDE_CONSTRAINT = "side constraint"
    NOT_ELIGIBLE = "not eligible"


@attrs.frozen
class Unmatched:
    """A mentee left unmatched, with the reason in words and in data.

    ``funnel`` lists, rule by rule, how many mentors were still possible after each hard rule
    (for ``NO_CANDIDATE``); ``candidates`` is how many mentors the rules allowed.
    """

    mentee_id: str
    reason: UnmatchedReason
    message: str
    candidates: int
    funnel: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class MatchResult:
    """The outcome of :func:`~mentorlib.matching.match`.

    The objective is lexicographic: first the number of matched mentees (``matched``), then
    the total score (``total_score``). ``bound`` is the best total score the solver proved
    possible with that many matches; ``gap`` is ``(bound - total_score) / bound``; ``optimal``
    says whether the solver proved the result best. ``backend`` names the solver:
    ``"assignment"`` (scipy's sparse LAPJV, for problems without quotas), ``"flow"`` (OR-Tools'
    min-cost flow: quotas, or problems too large to assign), ``"milp"`` (HiGHS, through
    scipy: other side constraints) or ``"cp-sat"`` (OR-Tools' CP-SAT, where HiGHS gives no
    answer). ``timings`` gives seconds per phase.
    """

    pairings: tuple[Pairing, ...]
    unmatched: tuple[Unmatched, ...]
    total_score: float
    bound: float
    optimal: bool
    backend: str
    candidate_pairs: int
    spare_capacity: Mapping[str, int] = attrs.field(eq=False)
    timings: Mapping[str, float] = attrs.field(eq=False)
    shortage_rows: tuple[Mapping[str, Any], ...] = attrs.field(eq=False, repr=False)
    score_rules: tuple[str, ...] = ()
    """The score rules' names, as in each breakdown: ``to_frame``'s columns when none matched."""

    @property
    def matched(self) -> int:
        """How many mentees got a match."""
        return len(self.pairings)

    @property
    def gap(self) -> float:
        """The relative distance between the total score and the proven bound (0 if optimal)."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.total_score) / self.bound)

    def pairs(self) -> list[tuple[str, str]]:
        """Return the matches as ``(mentee_id, mentor_id)`` pairs."""
        return [(p.mentee_id, p.mentor_id) for p in self.pairings]

    def to_matches(self, *, started_on: dt.date, id_prefix: str = "x") -> list[Match]:
        """Turn the pairings into proposed :class:`~mentorlib.model.Match` records."""
        width = max(2, len(str(len(self.pairings))))
        return [
            Match(
                f"{id_prefix}{n:0{width}d}",
                p.mentee_id,
                p.mentor_id,
                started_on,
                status=MatchStatus.PROPOSED,
                score=round(p.score, 6),
            )
            for n, p in enumerate(self.pairings, start=1)
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per match: ids, score, locked, and one column per score rule (also with none).

        A rule named like one of the first four columns gets `` (rule)`` after its name (again,
        if another rule has that name), so no column overwrites another.
        """
        import pandas as pd

        names = self.score_rules or tuple(
            dict.fromkeys(name for p in self.pairings for name in p.breakdown)
        )
        column = _rule_columns(set(names))
        rows = [
            {
                "mentee_id": p.mentee_id,
                "mentor_id": p.mentor_id,
                "score": p.score,
                "locked": p.locked,
                **{column[name]: value for name, value in p.breakdown.items()},
            }
            for p in self.pairings
        ]
        columns = [*_FIXED_COLUMNS, *(column[name] for name in names)]
        return pd.DataFrame.from_records(rows, columns=columns)

    def unmatched_frame(self) -> pd.DataFrame:
        """One row per unmatched mentee: id, reason, message, number of allowed mentors."""
        import pandas as pd

        return pd.DataFrame.from_records(
            [
                {
                    "mentee_id": u.mentee_id,
                    "reason": u.reason.value,
                    "candidates": u.candidates,
                    "message": u.message,
                }
                for u in self.unmatched
            ],
            columns=["mentee_id", "reason", "candidates", "message"],
        )

    def shortage(self) -> pd.DataFrame:
        """Mentor places missing to match everyone, by municipality and language.

        One row per (municipality, first-listed language) of unmatched mentees, the largest
        first: ``no_candidate`` counts those no mentor could take, ``capacity_taken`` those whose
        allowed mentors were full. Each of these needs one more mentor place there
        (``mentors_missing``): a mentor who speaks that language and meets every other hard
        rule for them (age, availability, safeguarding, ...), which a mentor already there may
        fail; a new mentor who takes three mentees fills three places. ``side_constraint``
        counts those a quota or another side constraint kept out, ``not_eligible`` those a
        hard rule refuses whoever the mentor (outside the mentee age window, say): more
        mentors would not help either. The counts are of people; suppress small cells before
        you publish them.
        """
        import pandas as pd

        columns = [
            "municipality",
            "language",
            "no_candidate",
            "capacity_taken",
            "side_constraint",
            "not_eligible",
            "mentors_missing",
        ]
        return pd.DataFrame.from_records(list(self.shortage_rows), columns=columns)

    def summary(self) -> str:
        """Describe the result in a line: matched, unmatched by reason, score, proof, time."""
        reasons: dict[str, int] = {}
        for u in self.unmatched:
            reasons[u.reason.value] = reasons.get(u.reason.value, 0) + 1
        by_reason = ", ".join(f"{k}: {v}" for k, v in reasons.items()) or "none"
        proof = "proven optimal" if self.optimal else f"gap {self.gap:.2%}"
        seconds = sum(self.timings.values())
        refused = sum(1 for p in self.pairings if p.refused_by)
        warning = f" ({refused} locked that the hard rules now refuse)" if refused else ""
        return (
            f"{self.matched} matched{warning}, {len(self.unmatched)} unmatched ({by_reason}); "
            f"total score {self.total_score:.2f} (bound {self.bound:.2f}, {proof}, "
            f"{self.backend}); {self.candidate_pairs:,} allowed pairs; {seconds:.2f} s"
        )

    def __repr__(self) -> str:
        return f"<MatchResult {self.summary()}>"

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        return f"<p>{html.escape(self.summary())}</p>" + frame.head(20).to_html(index=False)


_FIXED_COLUMNS = ("mentee_id", "mentor_id", "score", "locked")


def _rule_columns(names: set[str]) -> dict[str, str]:
    """Name each rule's column: its name, unless that is taken by a fixed or another column."""
    taken = set(_FIXED_COLUMNS) | names
    columns = {}
    for name in sorted(names):
        column = name
        while column in _FIXED_COLUMNS or (column != name and column in taken):
            column += " (rule)"
        taken.add(column)
        columns[name] = column
    return columns
