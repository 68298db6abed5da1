"""Where a person lives or an activity takes place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._codes import canonical_country
from ._errors import ValidationError
from ._validators import between, identifier, instance_of, optional, record, text, to_record

__all__ = ["Location", "to_location"]


def _country(value: str) -> str:
    return canonical_country(value)


def _coordinate(value: float | int | None) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return float(value)


@record
@attrs.frozen
class Location:
    """A municipality, with its country and, optionally, coordinates (WGS 84 degrees).

    >>> trondheim = Location("Trondheim", "no", code="5001", latitude=63.4305, longitude=10.3951)
    >>> str(trondheim), trondheim.has_coordinates
    ('Trondheim (NO)', True)
    """

    municipality: str = attrs.field(validator=text())
    country: str = attrs.field(converter=_country)
    code: str | None = attrs.field(default=None, validator=optional(identifier()))
    latitude: float | None = attrs.field(
        default=None,
        converter=_coordinate,
        validator=optional(instance_of(float), between(-90, 90)),
    )
    longitude: float | None = attrs.field(
        default=None,
        converter=_coordinate,
        validator=optional(instance_of(float), between(-180, 180)),
    )

    def __attrs_post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                "give both latitude and longitude, or neither",
                record="Location",
                field="longitude" if self.longitude is None else "latitude",
            )

    @property
    def has_coordinates(self) -> bool:
        """Whether the location carries coordinates (distance rules need them)."""
        return self.latitude is not None

    def __str__(self) -> str:
        return f"{self.municipality} ({self.country})"


def to_location(value: Location | Mapping[str, Any] | None) -> Location | None:
    """Return ``value`` as an optional :class:`Location`, built from its fields if a mapping."""
    return None if value is None else to_record(Location, value)
