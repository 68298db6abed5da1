import datetime as dt
import unicodedata

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mentorlib
from mentorlib import samples
from mentorlib.model import LanguageLevel, MatchStatus, ProgramData


def _scripts(names):
    found = set()
    for name in names:
        for char in name:
            if char.isalpha():
                found.add(unicodedata.name(char).split()[0])
    return found


def test_vinn_vinn_shape():
    data = samples.vinn_vinn()
    program = data.program
    assert (len(data.mentees), len(data.mentors)) == (60, 60)
    assert program.targets.meetings == 1200
    assert program.targets.gatherings == 6
    assert set(program.sites) == {"Oslo", "Trondheim"}
    assert {p.location.municipality for p in data.mentees} <= {"Oslo", "Trondheim"}
    for mentee in data.mentees:
        assert program.mentee_ages.contains(mentee.birth_date, on=program.starts_on)
    assert len(data.gatherings) == 6
    assert data.matches and data.meetings and data.referrals and data.commitments
    assert data.assessments and data.outcomes


def test_same_seed_same_data_and_other_seed_differs():
    first = samples.program(seed=11, mentees=40, mentors=30, places=5)
    again = samples.program(seed=11, mentees=40, mentors=30, places=5)
    other = samples.program(seed=12, mentees=40, mentors=30, places=5)
    assert first == again
    assert first.mentees != other.mentees


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    mentees=st.integers(0, 25),
    mentors=st.integers(0, 25),
    places=st.integers(0, 4),
    country=st.sampled_from(["NO", "SE", "DK", "FI"]),
)
def test_any_seed_gives_valid_consistent_data(seed, mentees, mentors, places, country):
    data = samples.program(
        seed=seed, mentees=mentees, mentors=mentors, places=places, country=country
    )
    # Rebuilding from the parts re-runs every record's and the whole's validation.
    rebuilt = ProgramData(**attrs.asdict(data, recurse=False))
    assert rebuilt == data
    assert len(data.mentees) == mentees and len(data.mentors) == mentors
    for match in data.matches:
        mentee, mentor = data.mentees[match.mentee_id], data.mentors[match.mentor_id]
        shared = {s.code for s in mentee.languages} & {s.code for s in mentor.languages}
        assert shared, match
        assert (match.status is MatchStatus.CLOSED) == (match.closure is not None)
    taken: dict[str, int] = {}
    for match in data.matches:
        taken[match.mentor_id] = taken.get(match.mentor_id, 0) + 1
    assert all(taken[m] <= data.mentors[m].capacity for m in taken)
    for meeting in data.meetings:
        match = data.matches[meeting.match_id]
        assert meeting.start.date() >= match.started_on
    for mentee in data.mentees:
        assert mentee.native_languages, mentee.id


def test_large_program_has_many_scripts_and_languages():
    data = samples.program(seed=2, mentees=1500, mentors=300, history=False)
    scripts = _scripts(p.display_name for p in data.mentees)
    assert {"LATIN", "ARABIC", "ETHIOPIC", "CYRILLIC"} <= scripts
    natives = {code for p in data.mentees for code in p.native_languages}
    assert len(natives) >= 20
    counts = {}
    for person in data.mentees:
        code = person.native_languages[0]
        counts[code] = counts.get(code, 0) + 1
    assert max(counts, key=counts.get) == "ar", "Arabic is the most common first language"


def test_mentors_speak_the_local_language_and_some_checks_lapse():
    data = samples.program(seed=4, mentees=10, mentors=400, country="DK", history=False)
    start = data.program.starts_on
    assert all(m.speaks("da") and m.speaks("da").level >= LanguageLevel.C1 for m in data.mentors)
    valid = [m.valid_check_on(start) is not None for m in data.mentors]
    assert 0.5 < sum(valid) / len(valid) < 0.95
    later = start + dt.timedelta(days=365)
    lapsing = [m for m in data.mentors if m.valid_check_on(start) and not m.valid_check_on(later)]
    assert lapsing, "some certificates expire during the program year"
    assert {c.kind.value for m in data.mentors for c in m.safeguarding_checks} == {"børneattest"}


def test_availability_windows_do_not_overlap_within_a_day():
    data = samples.program(seed=5, mentees=200, mentors=200, places=20, history=False)
    for person in (*data.mentees, *data.mentors, *data.places):
        days = [w.weekday for w in person.availability]
        assert len(days) == len(set(days)), person.id


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"country": "US"}, "country"),
        ({"mentees": -1}, "mentees"),
        ({"mentors": 2.5}, "mentors"),
        ({"sites": ["Atlantis"]}, "sites"),
        ({"sites": []}, "sites"),
    ],
)
def test_bad_arguments_are_refused_with_the_field(kwargs, field):
    with pytest.raises(mentorlib.ValidationError) as info:
        samples.program(**kwargs)
    assert info.value.field == field


def test_empty_program_is_valid():
    data = samples.program(mentees=0, mentors=0)
    assert len(data.mentees) == len(data.matches) == 0
