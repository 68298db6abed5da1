"""The exceptions mentorlib raises.

Every error the library raises on purpose derives from :class:`MentorlibError`, so a caller can
catch the library's errors in one place. Leaf errors also derive from the builtin a Python caller
already expects for that kind of problem::

    MentorlibError
    ├── ValidationError (ValueError)      a value or record is not acceptable
    │   └── DuplicateIdError              two records in one collection share an id
    └── UnknownIdError (LookupError)      an id that no record in the collection has
"""

from __future__ import annotations

__all__ = ["DuplicateIdError", "MentorlibError", "UnknownIdError", "ValidationError"]


class MentorlibError(Exception):
    """Base class of every error mentorlib raises on purpose."""


class ValidationError(MentorlibError, ValueError):
    """A value was refused; the message names the record, its id and the field.

    Parameters
    ----------
    message
        What is wrong and, where possible, what would be accepted.
    record
        The kind of record, e.g. ``"Mentor"``.
    record_id
        The id of the record, when it has one.
    field
        The field that holds the refused value.

    Examples
    --------
    >>> err = ValidationError("must be at least 1, got 0", record="Mentor", record_id="m7",
    ...                       field="capacity")
    >>> str(err)
    "Mentor 'm7', field 'capacity': must be at least 1, got 0"
    """

    def __init__(
        self,
        message: str,
        *,
        record: str | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.record = record
        self.record_id = record_id
        self.field = field
        super().__init__(self._render())

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _validation_error,
            (type(self), self.message, self.record, self.record_id, self.field),
        )

    def _render(self) -> str:
        where = []
        if self.record is not None:
            record_id = "" if self.record_id is None else f" {self.record_id!r}"
            where.append(f"{self.record}{record_id}")
        elif self.record_id is not None:
            where.append(repr(self.record_id))
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def within(self, *, record: str, record_id: str | None, field: str) -> ValidationError:
        """Return this error re-addressed to the record and field that held the bad value.

        A nested value (a language skill inside a mentor, say) knows nothing of the record that
        holds it; the holder re-raises the error with its own name, id and field so that the
        message points at the row a user has to fix.
        """
        inner = self.field
        message = self.message if inner is None else f"{inner}: {self.message}"
        return type(self)(message, record=record, record_id=record_id, field=field)


def _validation_error(
    kind: type[ValidationError],
    message: str,
    record: str | None,
    record_id: str | None,
    field: str | None,
) -> ValidationError:
    return kind(message, record=record, record_id=record_id, field=field)


class DuplicateIdError(ValidationError):
    """Two records in one collection share an id."""


class UnknownIdError(MentorlibError, LookupError):
    """An id that no record of the collection has."""

    def __init__(self, record_id: str, *, record: str, hint: str | None = None) -> None:
        self.record_id = record_id
        self.record = record
        self.hint = hint
        message = f"no {record} with id {record_id!r}"
        super().__init__(message if hint is None else f"{message}; {hint}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_unknown_id, (self.record_id, self.record, self.hint))


def _unknown_id(record_id: str, record: str, hint: str | None) -> UnknownIdError:
    return UnknownIdError(record_id, record=record, hint=hint)
