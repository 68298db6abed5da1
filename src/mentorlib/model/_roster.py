"""An immutable collection of records keyed by id, validated as a whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

from ._display import html_table, rows
from ._errors import DuplicateIdError, UnknownIdError, ValidationError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Roster"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)

_PREVIEW = 20


class Roster(Generic[R]):
    """Records of one kind (mentees, mentors, matches, ...) with unique ids, in a fixed order.

    A roster is immutable and behaves like a read-only sequence that can also be indexed by id.
    It shows as a table in a notebook and converts to a DataFrame with :meth:`to_frame`.

    >>> from mentorlib.model import Mentee
    >>> people = Roster([Mentee("y01", "Amina"), Mentee("y02", "Yonas")])
    >>> people["y02"].display_name, len(people), "y01" in people
    ('Yonas', 2, True)
    >>> Roster([Mentee("y01", "Amina"), Mentee("y01", "Sara")])
    Traceback (most recent call last):
    ...
    mentorlib.DuplicateIdError: Mentee 'y01', field 'id': the id is used by more than one
    record (items 0 and 1)
    """

    __slots__ = ("_by_id", "_records")

    def __init__(self, records: Iterable[R] = ()) -> None:
        items = tuple(records)
        by_id: dict[str, int] = {}
        for index, item in enumerate(items):
            item_id = getattr(item, "id", None)
            if not isinstance(item_id, str):
                raise ValidationError(
                    f"item {index} is a {type(item).__name__}, which has no text id",
                    record="Roster",
                )
            first = by_id.setdefault(item_id, index)
            if first != index:
                raise DuplicateIdError(
                    f"the id is used by more than one record (items {first} and {index})",
                    record=type(item).__name__,
                    record_id=item_id,
                    field="id",
                )
        self._records = items
        self._by_id = by_id

    @overload
    def __getitem__(self, key: str) -> R: ...
    @overload
    def __getitem__(self, key: int) -> R: ...
    @overload
    def __getitem__(self, key: slice) -> Roster[R]: ...

    def __getitem__(self, key: str | int | slice) -> R | Roster[R]:
        """Return the record with id ``key``, the record at position ``key``, or a slice."""
        if isinstance(key, str):
            try:
                return self._records[self._by_id[key]]
            except KeyError:
                raise UnknownIdError(key, record=self._kind()) from None
        if isinstance(key, slice):
            return Roster(self._records[key])
        return self._records[key]

    def get(self, record_id: str, default: R | None = None) -> R | None:
        """Return the record with id ``record_id``, or ``default``."""
        index = self._by_id.get(record_id)
        return default if index is None else self._records[index]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_id
        item_id = getattr(item, "id", None)
        return isinstance(item_id, str) and self.get(item_id) == item

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Roster) and self._records == other._records

    def __hash__(self) -> int:
        return hash(self._records)

    @property
    def ids(self) -> tuple[str, ...]:
        """The records' ids, in order."""
        return tuple(self._by_id)

    def filter(self, keep: Callable[[R], bool]) -> Roster[R]:
        """Return a roster of the records for which ``keep`` is true, in the same order."""
        return Roster(r for r in self._records if keep(r))

    def to_records(self) -> list[dict[str, Any]]:
        """Return one flat mapping per record (nested records as prefixed columns)."""
        return rows(self._records)

    def to_frame(self) -> pd.DataFrame:
        """Return the records as a pandas DataFrame indexed by id, one column per field."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.to_records())
        return frame.set_index("id") if "id" in frame.columns else frame

    def _kind(self) -> str:
        return type(self._records[0]).__name__ if self._records else "record"

    def __repr__(self) -> str:
        shown = ", ".join(repr(i) for i in self.ids[:5])
        more = ", ..." if len(self) > 5 else ""
        noun = "record" if len(self) == 1 else "records"
        return f"Roster[{self._kind()}]({len(self)} {noun}: {shown}{more})"

    def _repr_html_(self) -> str:
        caption = f"{len(self)} {self._kind()} {'record' if len(self) == 1 else 'records'}"
        if len(self) > _PREVIEW:
            caption += f" (first {_PREVIEW} shown)"
        return html_table(rows(self._records[:_PREVIEW]), caption=caption)
