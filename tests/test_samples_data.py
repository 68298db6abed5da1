"""Invariants of the static tables behind the synthetic-data generator."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pycountry
import pytest

from mentorlib.samples import _data

# (min latitude, max latitude, min longitude, max longitude), generous around the mainland.
BOUNDING_BOXES = {
    "NO": (57.9, 71.2, 4.5, 31.2),
    "SE": (55.3, 69.1, 10.9, 24.2),
    "DK": (54.5, 57.8, 8.0, 15.2),
    "FI": (59.7, 70.1, 19.0, 31.6),
}
CODE_LENGTHS = {"NO": 4, "SE": 4, "DK": 3, "FI": 3}

# The Unicode script (first word of the character names) every letter of a pool belongs to.
POOL_SCRIPTS = {
    "latin_nordic": "LATIN",
    "latin_finnish": "LATIN",
    "latin_other": "LATIN",
    "latin_african": "LATIN",
    "latin_kurdish": "LATIN",
    "vietnamese": "LATIN",
    "arabic": "ARABIC",
    "persian": "ARABIC",
    "pashto": "ARABIC",
    "sorani": "ARABIC",
    "ethiopic": "ETHIOPIC",
    "cyrillic": "CYRILLIC",
    "myanmar": "MYANMAR",
    "tamil": "TAMIL",
    "thai": "THAI",
}

# Letters that tell the Arabic-script orthographies apart.
ARABIC_YEH_KAF = set("يك")
PERSIAN_YEH_KAF = set("یک")
PERSIAN_LETTERS = set("پچژگ")
PASHTO_LETTERS = set("ټډړږښګڼېۍځڅ")
SORANI_LETTERS = set("ەێۆڕڵڤ")


def _pool_names(pool: str) -> list[str]:
    return [name for name, _ in _data.GIVEN_NAMES[pool]] + list(_data.FAMILY_NAMES[pool])


def _language(code: str) -> object:
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    return pycountry.languages.get(alpha_3=code)


# --- municipalities ---------------------------------------------------------------------------


def test_municipalities_cover_the_four_countries() -> None:
    counts = Counter(m.country for m in _data.MUNICIPALITIES)
    assert set(counts) == set(BOUNDING_BOXES)
    assert counts["NO"] >= 15
    assert counts["SE"] >= 12
    assert counts["DK"] >= 10
    assert counts["FI"] >= 5


def test_municipality_names_and_codes_are_unique_per_country() -> None:
    keys = [(m.country, m.name) for m in _data.MUNICIPALITIES]
    codes = [(m.country, m.code) for m in _data.MUNICIPALITIES]
    assert len(set(keys)) == len(keys)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("municipality", _data.MUNICIPALITIES, ids=lambda m: m.name)
def test_municipality_code_has_the_national_format(municipality: _data.Municipality) -> None:
    assert municipality.code.isascii()
    assert municipality.code.isdigit()
    assert len(municipality.code) == CODE_LENGTHS[municipality.country]


@pytest.mark.parametrize("municipality", _data.MUNICIPALITIES, ids=lambda m: m.name)
def test_municipality_lies_inside_its_country(municipality: _data.Municipality) -> None:
    lat_min, lat_max, lon_min, lon_max = BOUNDING_BOXES[municipality.country]
    assert lat_min <= municipality.latitude <= lat_max
    assert lon_min <= municipality.longitude <= lon_max
    assert municipality.weight > 0


@pytest.mark.parametrize(
    ("country", "name", "code"),
    [
        ("NO", "Oslo", "0301"),
        ("NO", "Bergen", "4601"),
        ("NO", "Trondheim", "5001"),
        ("SE", "Stockholm", "0180"),
        ("SE", "Göteborg", "1480"),
        ("SE", "Malmö", "1280"),
        ("DK", "København", "101"),
        ("DK", "Aarhus", "751"),
        ("FI", "Helsinki", "091"),
    ],
)
def test_well_known_municipality_codes(country: str, name: str, code: str) -> None:
    found = {(m.country, m.name): m.code for m in _data.MUNICIPALITIES}
    assert found[(country, name)] == code


# --- languages --------------------------------------------------------------------------------


def test_language_codes_are_unique() -> None:
    codes = [share.code for share in _data.LANGUAGES]
    assert len(set(codes)) == len(codes)


def test_arabic_is_the_most_common_language() -> None:
    heaviest = max(_data.LANGUAGES, key=lambda share: share.weight)
    assert heaviest.code == "ar"


@pytest.mark.parametrize("share", _data.LANGUAGES, ids=lambda s: s.code)
def test_language_share_is_well_formed(share: _data.LanguageShare) -> None:
    language = _language(share.code)
    assert language is not None, f"{share.code!r} is not an ISO 639 code"
    if len(share.code) == 3:
        # A three-letter code only when ISO 639-1 has none.
        assert getattr(language, "alpha_2", None) is None
    assert share.weight > 0
    assert share.scripts
    assert share.origin_countries
    for country in share.origin_countries:
        assert pycountry.countries.get(alpha_2=country) is not None, country


@pytest.mark.parametrize("code", sorted(set(_data.LOCAL_LANGUAGES.values())))
def test_local_languages_are_iso_639_1(code: str) -> None:
    assert pycountry.languages.get(alpha_2=code) is not None


def test_local_tables_cover_the_four_countries() -> None:
    assert set(_data.LOCAL_LANGUAGES) == set(BOUNDING_BOXES)
    assert set(_data.LOCAL_NAME_POOLS) == set(BOUNDING_BOXES)
    assert set(_data.LOCAL_NAME_POOLS.values()) <= set(_data.GIVEN_NAMES)


def test_every_referenced_name_pool_exists() -> None:
    referenced = {pool for share in _data.LANGUAGES for pool in share.scripts}
    assert referenced <= set(_data.GIVEN_NAMES)
    assert referenced <= set(_data.FAMILY_NAMES)
    assert set(_data.GIVEN_NAMES) == set(_data.FAMILY_NAMES)


# --- names ------------------------------------------------------------------------------------


def test_every_pool_has_an_expected_script() -> None:
    assert set(POOL_SCRIPTS) == set(_data.GIVEN_NAMES)


@pytest.mark.parametrize("pool", sorted(_data.GIVEN_NAMES))
def test_name_pool_sizes_genders_and_uniqueness(pool: str) -> None:
    given = _data.GIVEN_NAMES[pool]
    family = _data.FAMILY_NAMES[pool]
    assert 20 <= len(given) <= 40
    assert 15 <= len(family) <= 30
    assert {gender for _, gender in given} == {"female", "male"}
    assert len({name for name, _ in given}) == len(given)
    assert len(set(family)) == len(family)


@pytest.mark.parametrize("pool", sorted(_data.GIVEN_NAMES))
def test_names_are_written_in_the_pool_script(pool: str) -> None:
    script = POOL_SCRIPTS[pool]
    for name in _pool_names(pool):
        assert name == name.strip()
        assert name
        assert unicodedata.normalize("NFC", name) == name, name
        for char in name:
            if char in " -'":
                continue
            assert unicodedata.category(char)[0] in "LM", (name, char)
            assert unicodedata.name(char).startswith(script + " "), (name, char)


def test_arabic_script_pools_use_their_own_orthography() -> None:
    arabic = set("".join(_pool_names("arabic")))
    assert not arabic & (PERSIAN_YEH_KAF | PERSIAN_LETTERS | PASHTO_LETTERS | SORANI_LETTERS)
    persian = set("".join(_pool_names("persian")))
    assert not persian & (ARABIC_YEH_KAF | PASHTO_LETTERS | SORANI_LETTERS)
    assert persian & PERSIAN_LETTERS
    pashto = set("".join(_pool_names("pashto")))
    assert pashto & PASHTO_LETTERS
    assert "ك" not in pashto
    sorani = set("".join(_pool_names("sorani")))
    assert sorani & SORANI_LETTERS
    assert not sorani & ARABIC_YEH_KAF


# --- tags -------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["INTERESTS", "PROFESSIONAL_FIELDS"])
def test_tags_are_unique_lower_case_words(table: str) -> None:
    tags: tuple[str, ...] = getattr(_data, table)
    assert len(tags) >= 20
    assert len(set(tags)) == len(tags)
    for tag in tags:
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", tag), tag
