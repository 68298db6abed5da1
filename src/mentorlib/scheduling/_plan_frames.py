"""A plan's meetings, adjustments or gatherings as a pandas DataFrame (pandas loaded on use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from mentorlib.model import ValidationError, Weekday

if TYPE_CHECKING:
    import pandas as pd

    from ._plan import MeetingPlan

__all__ = ["plan_frame"]


def plan_frame(
    plan: MeetingPlan, what: Literal["meetings", "adjustments", "gatherings"]
) -> pd.DataFrame:
    """Return one table of a plan, as ``MeetingPlan.to_frame`` describes."""
    import pandas as pd

    rows: list[dict[str, Any]]
    if what == "meetings":
        rows = [
            {
                "id": m.id,
                "uid": m.uid,
                "match_id": m.match_id,
                "number": m.number,
                "start": m.start,
                "end": m.end,
                "start_utc": m.start_utc,
                "weekday": Weekday(m.start.weekday()).short,
                "local_time": f"{m.start:%H:%M}",
                "minutes": m.minutes,
                "status": m.status.value,
                "sequence": m.sequence,
                "place": m.place,
                "participant_ids": ", ".join(m.participant_ids),
            }
            for m in plan.meetings
        ]
        columns = ["id", "uid", "match_id", "number", "start", "end", "start_utc"]
        columns += ["weekday", "local_time", "minutes", "status", "sequence", "place"]
        columns += ["participant_ids"]
        return pd.DataFrame.from_records(rows, columns=columns).set_index("id")
    if what == "adjustments":
        rows = [
            {
                "match_id": a.match_id,
                "number": a.number,
                "kind": a.kind.value,
                "planned_on": a.planned_on,
                "start": a.start,
                "reason": a.reason,
            }
            for a in plan.adjustments
        ]
        columns = ["match_id", "number", "kind", "planned_on", "start", "reason"]
        return pd.DataFrame.from_records(rows, columns=columns)
    if what == "gatherings":
        rows = [
            {
                "id": g.gathering_id,
                "uid": g.uid,
                "title": g.title,
                "start": g.start,
                "end": g.end,
                "participants": len(g.participant_ids),
                "status": g.status.value,
                "sequence": g.sequence,
                "place": g.place,
            }
            for g in plan.gatherings
        ]
        columns = ["id", "uid", "title", "start", "end", "participants", "status"]
        columns += ["sequence", "place"]
        return pd.DataFrame.from_records(rows, columns=columns).set_index("id")
    raise ValidationError(
        f"{what!r} is not a table of the plan; use 'meetings', 'adjustments' or 'gatherings'",
        record="MeetingPlan",
        field="what",
    )
