"""Every domain type rebuilds from its fields, compares and hashes by value, and is immutable."""

from __future__ import annotations

import datetime as dt
import enum
import json
import typing
from typing import Any

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given, settings
from hypothesis import strategies as st

import mentorlib
from mentorlib import model
from mentorlib.model import (
    Assessment,
    Closure,
    Commitment,
    DateRange,
    GroupGathering,
    LanguageLevel,
    Match,
    Meeting,
    Mentee,
    Mentor,
    Outcome,
    Person,
    Program,
    ProgramData,
    Referral,
    Roster,
    SafeguardingCheck,
)
from strategies import RECORD_STRATEGIES, mentees, program_data

RECORD_TYPES = list(RECORD_STRATEGIES)
TYPE_IDS = [cls.__name__ for cls in RECORD_TYPES]
ID_TYPES = [cls for cls in RECORD_TYPES if "id" in attrs.fields_dict(cls)]


def records_of(cls: type) -> st.SearchStrategy[Any]:
    return RECORD_STRATEGIES[cls]


def test_every_public_attrs_type_has_a_strategy() -> None:
    public = {getattr(model, name) for name in model.__all__}
    attrs_types = {obj for obj in public if isinstance(obj, type) and attrs.has(obj)}
    assert attrs_types == set(RECORD_TYPES) | {ProgramData}


def test_top_level_names_are_the_model_names() -> None:
    for name in mentorlib.__all__:
        if name != "__version__":
            assert getattr(mentorlib, name) is getattr(model, name)


# -- rebuilding from fields ------------------------------------------------------------------------


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=TYPE_IDS)
@given(data=st.data())
def test_rebuilt_from_its_fields_and_from_json_is_equal(cls: type, data: st.DataObject) -> None:
    record = data.draw(records_of(cls))
    assert type(record) is cls
    rebuilt = cls(**attrs.asdict(record))
    assert type(rebuilt) is cls
    assert rebuilt == record
    assert rebuilt is not record
    assert hash(rebuilt) == hash(record)
    assert {record: "found"}[rebuilt] == "found"
    # Without recursion, and positionally, the same record comes back too.
    assert cls(**attrs.asdict(record, recurse=False)) == record
    assert cls(*attrs.astuple(record, recurse=False)) == record
    if "id" in attrs.fields_dict(cls):
        other = attrs.evolve(record, id=record.id + "2")
        assert other != record
        assert attrs.evolve(other, id=record.id) == record
    check_json_round_trip(record)


def test_mentee_and_mentor_with_the_same_fields_differ() -> None:
    assert Mentee("p1", "Amina") != Mentor("p1", "Amina")
    assert Mentee("p1", "Amina") != Person("p1", "Amina")
    assert Mentee("p1", "Amina") == Mentee("p1", "Amina")


# -- immutability ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=TYPE_IDS)
@settings(max_examples=10)
@given(data=st.data())
def test_fields_cannot_be_assigned_or_deleted(cls: type, data: st.DataObject) -> None:
    record = data.draw(records_of(cls))
    before = attrs.asdict(record, recurse=False)
    for field in attrs.fields(cls):
        with pytest.raises(FrozenInstanceError):
            setattr(record, field.name, getattr(record, field.name))
        with pytest.raises(FrozenInstanceError):
            delattr(record, field.name)
    with pytest.raises(AttributeError):  # FrozenInstanceError is an AttributeError
        record.not_a_field = 1
    assert attrs.asdict(record, recurse=False) == before


def test_field_annotations_resolve() -> None:
    # Tools that read annotations (typing.get_type_hints, attrs.resolve_types, cattrs,
    # sphinx-autodoc-typehints) must be able to resolve them on the public classes.
    unresolved = {}
    for cls in [*RECORD_TYPES, ProgramData]:
        try:
            hints = typing.get_type_hints(cls)
        except NameError as error:
            unresolved[cls.__name__] = str(error)
        else:
            assert set(hints) >= {f.name for f in attrs.fields(cls)}
    assert unresolved == {}


# -- Roster ----------------------------------------------------------------------------------------


def rosters() -> st.SearchStrategy[Roster[Mentee]]:
    return st.lists(mentees(), unique_by=lambda m: m.id, max_size=5).map(Roster)


@settings(max_examples=30)
@given(roster=rosters())
def test_roster_rebuilds_from_its_records(roster: Roster[Mentee]) -> None:
    for rebuilt in (Roster(list(roster)), Roster(roster), Roster(iter(roster)), roster[:]):
        assert rebuilt == roster
        assert hash(rebuilt) == hash(roster)
        assert rebuilt.ids == roster.ids
    assert roster != list(roster)
    assert roster != tuple(roster)
    reversed_ = Roster(reversed(list(roster)))
    assert (reversed_ == roster) == (len(roster) < 2)


def test_roster_is_immutable() -> None:
    roster = Roster([Mentee("y1", "Amina"), Mentee("y2", "Yonas")])
    extra = Mentee("y3", "Extra")
    with pytest.raises(TypeError):
        roster[0] = extra  # type: ignore[index]
    with pytest.raises(TypeError):
        del roster[0]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        roster.extra = 1  # type: ignore[attr-defined]
    assert roster.ids == ("y1", "y2")
    assert extra not in roster


# -- ProgramData -----------------------------------------------------------------------------------


@settings(max_examples=30)
@given(data=program_data())
def test_program_data_survives_shallow_asdict(data: ProgramData) -> None:
    fields = attrs.asdict(data, recurse=False)
    assert all(isinstance(v, Roster) for k, v in fields.items() if k != "program")
    rebuilt = ProgramData(**fields)
    assert rebuilt == data
    assert hash(rebuilt) == hash(data)
    assert rebuilt.counts() == data.counts()
    # Any iterable of records is accepted in place of a roster.
    as_lists = {k: list(v) if isinstance(v, Roster) else v for k, v in fields.items()}
    from_lists = ProgramData(**as_lists)
    assert from_lists == data
    assert all(isinstance(getattr(from_lists, k), Roster) for k in fields if k != "program")
    for field in attrs.fields(ProgramData):
        with pytest.raises(FrozenInstanceError):
            setattr(data, field.name, getattr(data, field.name))


# -- JSON-ish round trip ---------------------------------------------------------------------------

#: The date and datetime fields JSON turns into text; the test turns them back itself.
DATE_FIELDS: dict[type, frozenset[str]] = {
    DateRange: frozenset({"start", "end"}),
    SafeguardingCheck: frozenset({"issued", "valid_until"}),
    Person: frozenset({"birth_date"}),
    Mentee: frozenset({"birth_date", "registered_on"}),
    Mentor: frozenset({"birth_date"}),
    Program: frozenset({"starts_on"}),
    Closure: frozenset({"on"}),
    Match: frozenset({"started_on", "planned_end"}),
    Referral: frozenset({"referred_on", "decided_on"}),
    Commitment: frozenset({"starts_on", "ends_on"}),
    Assessment: frozenset({"on"}),
    Outcome: frozenset({"on"}),
}
DATETIME_FIELDS: dict[type, frozenset[str]] = {
    Meeting: frozenset({"start", "end"}),
    GroupGathering: frozenset({"start", "end"}),
}
#: Nested records that hold dates, by the field that holds them.
NESTED_WITH_DATES: dict[str, type] = {
    "unavailable": DateRange,
    "safeguarding_checks": SafeguardingCheck,
    "closure": Closure,
    "members": Mentor,
}


def to_plain(instance: Any, field: Any, value: Any) -> Any:
    """``value_serializer`` for attrs.asdict: enums to values, dates and times to ISO text.

    attrs.asdict keeps collection types; tuples and frozensets become lists for JSON.
    """
    if isinstance(value, LanguageLevel):
        return value.name  # LanguageLevel parses names ("B1", "NATIVE"), not numbers
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, tuple | frozenset):
        return list(value)
    return value


def from_plain(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the ISO text of ``cls``'s date fields back into dates; leave the rest to converters."""
    out = dict(values)
    for name in DATE_FIELDS.get(cls, ()):
        if out[name] is not None:
            out[name] = dt.date.fromisoformat(out[name])
    for name in DATETIME_FIELDS.get(cls, ()):
        out[name] = dt.datetime.fromisoformat(out[name])
    for name, nested in NESTED_WITH_DATES.items():
        if name not in attrs.fields_dict(cls) or out[name] is None:
            continue
        if isinstance(out[name], list):
            out[name] = [from_plain(nested, item) for item in out[name]]
        else:
            out[name] = from_plain(nested, out[name])
    return out


def assert_plain(value: Any) -> None:
    if isinstance(value, dict):
        assert all(type(k) is str for k in value)
        for item in value.values():
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or type(value) in (str, int, float), repr(value)


def check_json_round_trip(record: Any) -> None:
    """To plain JSON values and back through the public constructor (called per drawn record)."""
    cls = type(record)
    plain = attrs.asdict(record, value_serializer=to_plain)
    assert_plain(plain)
    loaded = json.loads(json.dumps(plain, ensure_ascii=False))
    assert loaded == plain
    rebuilt = cls(**from_plain(cls, loaded))
    assert rebuilt == record
    assert hash(rebuilt) == hash(record)
