"""Validators, converters and the record decorator shared by the domain types.

Validators are small callable classes made by factories (as in ``attrs.validators``), so they
compose and have a readable ``repr``. Every refusal is a :class:`ValidationError` naming the record,
its id and the field. Converters are plain functions (the attrs mypy plugin types those); they
raise without an address, and :func:`record` fills in the record, id and field.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ._errors import ValidationError

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _refuse(instance: object, attribute: attrs.Attribute[Any], message: str) -> ValidationError:
    record_id = getattr(instance, "id", None)
    return ValidationError(
        message,
        record=type(instance).__name__,
        record_id=record_id if isinstance(record_id, str) else None,
        field=attribute.name,
    )


_PLAIN = (str, bytes, int, float, complex, type(None), dt.date, dt.time, dt.timedelta, enum.Enum)


def describe_value(value: object) -> str:
    """Show a refused value in an error, without the contents of records.

    Plain values are shown as written (cut at 60 characters), collections by their type and
    size, anything else by its type (and id), so a record or a table row passed by mistake
    puts no one's name, birth date or contact details into messages and logs.
    """
    if isinstance(value, list | tuple | set | frozenset | dict):  # a row may hold a person
        return f"a {type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}"
    if not isinstance(value, _PLAIN):
        record_id = getattr(value, "id", None)
        named = f" with id {record_id!r}" if isinstance(record_id, str) else ""
        return f"a {type(value).__name__}{named}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@attrs.frozen(repr=False)
class _TypeValidator:
    types: tuple[type, ...]
    exclude: tuple[type, ...] = ()

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.types) or isinstance(value, self.exclude):
            raise _refuse(
                instance,
                attribute,
                f"expected {self._names()}, got {type(value).__name__} {describe_value(value)}",
            )

    def _names(self) -> str:
        return " or ".join(t.__name__ for t in self.types)

    def __repr__(self) -> str:
        return f"<instance_of {self._names()}>"


def instance_of(*types: type) -> _TypeValidator:
    """Refuse a value that is not an instance of one of ``types``."""
    return _TypeValidator(types)


def a_date() -> _TypeValidator:
    """Refuse anything but a calendar date (a ``datetime`` is refused: it is not a date)."""
    return _TypeValidator((dt.date,), exclude=(dt.datetime,))


@attrs.frozen(repr=False)
class _AwareValidator:
    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, dt.datetime):
            raise _refuse(instance, attribute, f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise _refuse(
                instance,
                attribute,
                f"naive datetime {value.isoformat()} refused: give it a time zone, "
                "e.g. datetime(..., tzinfo=ZoneInfo('Europe/Oslo'))",
            )

    def __repr__(self) -> str:
        return "<aware datetime>"


def aware_datetime() -> _AwareValidator:
    """Refuse a naive datetime: every instant in mentorlib carries its time zone."""
    return _AwareValidator()


_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters but tab and line breaks, and lone surrogates: a NUL from a broken
export, or a half of a UTF-16 pair, that no calendar file or UTF-8 export can carry."""


def unwritable(value: str) -> str | None:
    r"""Say which character of ``value`` no export can carry, and where; ``None`` if none.

    Records refuse such text (a control character other than a tab or a line break, or a lone
    surrogate); readers of other input can refuse it the same way. The text itself is not
    quoted: it may be someone's name.

    >>> unwritable("Amina\nline two") is None
    True
    >>> unwritable("Amina\x00")[:26]
    'holds U+0000 at position 5'
    """
    bad = _UNWRITABLE.search(value)
    if bad is None:
        return None
    return (
        f"holds U+{ord(bad.group()):04X} at position {bad.start()}: text may hold tabs and line "
        "breaks (\\n, \\r), but no other control character and no lone surrogate"
    )


@attrs.frozen(repr=False)
class _TextValidator:
    single_line: bool

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise _refuse(instance, attribute, f"expected text, got {type(value).__name__}")
        if not value.strip():
            raise _refuse(instance, attribute, "must not be empty")
        if self.single_line and (value != value.strip() or not value.isprintable()):
            raise _refuse(
                instance,
                attribute,
                f"{describe_value(value)} must be one printable line without surrounding spaces",
            )
        bad = unwritable(value)
        if bad is not None:  # the text itself is not shown: it may be someone's name
            raise _refuse(instance, attribute, bad)

    def __repr__(self) -> str:
        return "<identifier>" if self.single_line else "<non-empty text>"


def text() -> _TextValidator:
    """Refuse anything but non-empty text (any script; line breaks allowed)."""
    return _TextValidator(single_line=False)


def identifier() -> _TextValidator:
    """Refuse an id that is empty, has surrounding spaces or holds control characters."""
    return _TextValidator(single_line=True)


@attrs.frozen(repr=False)
class _RangeValidator:
    low: float | None
    high: float | None

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(instance, attribute, f"expected a number, got {type(value).__name__}")
        if value != value:
            raise _refuse(instance, attribute, "must be a number, got NaN")
        if value in (float("inf"), float("-inf")):
            raise _refuse(instance, attribute, f"must be a finite number, got {value}")
        if self.low is not None and value < self.low:
            raise _refuse(instance, attribute, f"must be at least {self.low}, got {value}")
        if self.high is not None and value > self.high:
            raise _refuse(instance, attribute, f"must be at most {self.high}, got {value}")

    def __repr__(self) -> str:
        return f"<between {self.low} and {self.high}>"


def between(low: float | None = None, high: float | None = None) -> _RangeValidator:
    """Refuse a number (not a bool, not NaN) outside ``[low, high]``."""
    return _RangeValidator(low, high)


@attrs.frozen(repr=False)
class _IntegerValidator:
    bounds: _RangeValidator

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _refuse(
                instance, attribute, f"expected a whole number, got {type(value).__name__}"
            )
        self.bounds(instance, attribute, value)

    def __repr__(self) -> str:
        return f"<whole number between {self.bounds.low} and {self.bounds.high}>"


def plain_int(value: Any) -> Any:
    """Return a numpy integer (as a pandas row gives one) as a plain ``int``; else ``value``.

    A converter for whole-number fields: records keep plain Python numbers, and the field's
    validator still judges everything else (a bool, text, a float).
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, int):
        return int(value)
    return value


def integer(low: int | None = None, high: int | None = None) -> _IntegerValidator:
    """Refuse anything but a whole number (not a bool) in ``[low, high]``."""
    return _IntegerValidator(_RangeValidator(low, high))


@attrs.frozen(repr=False)
class _OptionalValidator:
    inner: tuple[Validator, ...]

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            for validator in self.inner:
                validator(instance, attribute, value)

    def __repr__(self) -> str:
        return f"<optional {' and '.join(map(repr, self.inner))}>"


def optional(*inner: Validator) -> _OptionalValidator:
    """Accept ``None``, else apply each of ``inner`` in turn."""
    return _OptionalValidator(inner)


@attrs.frozen(repr=False)
class _EachValidator:
    inner: Validator

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for item in value:
            self.inner(instance, attribute, item)

    def __repr__(self) -> str:
        return f"<each {self.inner!r}>"


def each(inner: Validator) -> _EachValidator:
    """Apply ``inner`` to every item of a collection."""
    return _EachValidator(inner)


# -- converters --------------------------------------------------------------------------------


def collection(values: object, what: str) -> Iterable[Any]:
    """Return ``values`` if it is a collection (not text, not a mapping), else refuse it."""
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError(f"expected a collection of {what}, got {describe_value(values)}")
    return values


def to_enum(
    enum_type: type[E],
    value: object,
    *,
    record: str | None = None,
    record_id: str | None = None,
    field: str | None = None,
) -> E:
    """Return the member of ``enum_type`` named by ``value`` (a member or its value).

    The one way mentorlib parses an enum, in a record's field or in a function's option: a
    value that names no member is a :class:`~mentorlib.ValidationError` that lists the allowed
    values. ``record``, ``record_id`` and ``field`` address it; a record's converters leave
    them out (the record fills them in), a function names its option.

    Examples
    --------
    >>> import enum
    >>> from mentorlib.model import to_enum
    >>> class Policy(enum.StrEnum):
    ...     SKIP = "skip"
    ...     MOVE = "move"
    >>> to_enum(Policy, "move")
    <Policy.MOVE: 'move'>
    >>> to_enum(Policy, "drop", record="MeetingPlan", field="policy")
    Traceback (most recent call last):
      ...
    mentorlib.ValidationError: MeetingPlan, field 'policy': 'drop' is not a Policy; use one of
    'skip', 'move'
    """
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise ValidationError(
            f"{describe_value(value)} is not a {enum_type.__name__}; use one of {allowed}",
            record=record,
            record_id=record_id,
            field=field,
        ) from None


def to_optional_enum(enum_type: type[E], value: object) -> E | None:
    """Like :func:`to_enum`, but ``None`` stays ``None``."""
    return None if value is None else to_enum(enum_type, value)


def to_record(record_type: type[T], value: object) -> T:
    """Return ``value`` as a ``record_type``, building it from a mapping of its fields."""
    if isinstance(value, record_type):
        return value
    if isinstance(value, Mapping):
        try:
            return record_type(**value)
        except TypeError as error:  # an unknown or missing field name
            raise ValidationError(
                f"cannot build a {record_type.__name__} from {sorted(value)}: {error}"
            ) from None
    raise ValidationError(
        f"expected a {record_type.__name__} or a mapping of its fields, "
        f"got {type(value).__name__} {describe_value(value)}"
    )


def to_records(record_type: type[T], values: object) -> tuple[T, ...]:
    """Return ``values`` as a tuple of ``record_type`` (see :func:`to_record`)."""
    return tuple(to_record(record_type, v) for v in collection(values, record_type.__name__))


def to_tags(values: Iterable[str] | None) -> frozenset[str]:
    """Return free-text tags trimmed, lower-cased and de-duplicated (``None`` is no tags)."""
    if values is None:
        return frozenset()
    if isinstance(values, str):
        raise ValidationError(
            f"expected a collection of tags, got the single text {describe_value(values)}; "
            "wrap it in a list"
        )
    tags = set()
    for value in collection(values, "tags"):
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"tags must be non-empty text, got {describe_value(value)}")
        bad = unwritable(value)
        if bad is not None:
            raise ValidationError(f"a tag {bad}")
        tags.add(" ".join(value.split()).casefold())
    return frozenset(tags)


# -- the record decorator ---------------------------------------------------------------------

C = TypeVar("C", bound=type)


def record(cls: C) -> C:
    """Give the errors raised while building ``cls`` the record's name, id and field.

    Converters and nested records raise without knowing who holds them. attrs sets fields in
    declaration order, so the first field not yet set when an error escapes is the one whose
    value was refused; ``id`` comes first wherever a record has one.
    """
    init = vars(cls)["__init__"]
    name = cls.__name__
    field_names = [f.name for f in attrs.fields(cls)]

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        try:
            init(self, *args, **kwargs)
        except ValidationError as error:
            if error.record == name:
                raise
            failed = next((f for f in field_names if not hasattr(self, f)), None)
            if failed is None:  # pragma: no cover - validators always address their errors
                raise
            record_id = getattr(self, "id", None)
            raise error.within(
                record=name,
                record_id=record_id if isinstance(record_id, str) else None,
                field=failed,
            ) from None

    cls.__init__ = __init__  # type: ignore[misc]
    return cls
