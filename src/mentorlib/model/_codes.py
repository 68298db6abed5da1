"""ISO 639 language codes and ISO 3166 country codes, checked against pycountry's tables.

pycountry is imported on first use only, so ``import mentorlib`` stays cheap.
"""

from __future__ import annotations

import functools

from ._errors import ValidationError

__all__ = ["canonical_country", "canonical_language", "language_name"]


@functools.cache
def _languages() -> dict[str, tuple[str, str]]:
    """Map every ISO 639-1 and 639-3 code to (canonical code, English name)."""
    import pycountry

    table: dict[str, tuple[str, str]] = {}
    for language in pycountry.languages:
        alpha_2 = getattr(language, "alpha_2", None)
        canonical = alpha_2 or language.alpha_3
        name = language.name.removesuffix(" (macrolanguage)")
        table[language.alpha_3] = (canonical, name)
        if alpha_2:
            table[alpha_2] = (canonical, name)
    return table


@functools.cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def canonical_language(code: str) -> str:
    """Return the canonical form of an ISO 639 language code.

    The two-letter ISO 639-1 code where one exists (``"ara"`` → ``"ar"``), else the three-letter
    ISO 639-3 code (Dari is ``"prs"``). Case and surrounding spaces are ignored. Macrolanguages are
    not merged: Norwegian ``"no"``, Bokmål ``"nb"`` and Nynorsk ``"nn"`` stay distinct codes.

    >>> canonical_language("TIR")
    'ti'
    >>> canonical_language("xx")
    Traceback (most recent call last):
    ...
    mentorlib.ValidationError: unknown ISO 639 language code 'xx'
    """
    if not isinstance(code, str):
        raise ValidationError(f"a language code is text, got {type(code).__name__}")
    entry = _languages().get(code.strip().lower())
    if entry is None:
        raise ValidationError(f"unknown ISO 639 language code {code!r}")
    return entry[0]


def language_name(code: str) -> str:
    """Return the English name of an ISO 639 language code (``"ti"`` → ``"Tigrinya"``)."""
    return _languages()[canonical_language(code)][1]


def canonical_country(code: str) -> str:
    """Return an ISO 3166-1 alpha-2 country code in upper case, refusing unknown codes.

    >>> canonical_country("er")
    'ER'
    """
    if not isinstance(code, str):
        raise ValidationError(f"a country code is text, got {type(code).__name__}")
    upper = code.strip().upper()
    if upper not in _countries():
        raise ValidationError(
            f"unknown ISO 3166-1 alpha-2 country code {code!r} (e.g. 'NO', 'SE', 'DK', 'FI')"
        )
    return upper
