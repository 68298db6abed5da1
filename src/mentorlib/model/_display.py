"""Flat rows of records, for DataFrames and for tables in notebooks."""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["Displayable", "brief_repr", "cell", "html_table", "row", "rows"]


def cell(value: Any) -> Any:
    """Return a field's value as one table cell: text for enums and collections, else as is."""
    if isinstance(value, enum.IntEnum):
        return str(value) if type(value).__str__ is not int.__str__ else value.name
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(str(cell(v)) for v in value))
    if isinstance(value, tuple | list):
        return ", ".join(str(cell(v)) for v in value)
    if attrs.has(type(value)):
        return str(value)
    return value


def row(record: Any) -> dict[str, Any]:
    """Return a record as a flat mapping of column name to cell.

    A nested record (a location) becomes columns prefixed with its field name; collections of
    records (languages, availability) become one readable text cell each.
    """
    flat: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if attrs.has(type(value)):
            for inner in attrs.fields(type(value)):
                flat[f"{field.name}.{inner.name}"] = cell(getattr(value, inner.name))
        else:
            flat[field.name] = cell(value)
    return flat


def rows(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Return flat rows of records; a nested record that some rows lack stays in its columns.

    A record whose location is ``None`` has a ``location`` cell while the others have
    ``location.municipality`` and so on; the bare cell is dropped so no column is shadowed.
    """
    flat = [row(r) for r in records]
    nested = {name.split(".", 1)[0] for r in flat for name in r if "." in name}
    return [{k: v for k, v in r.items() if k not in nested} for r in flat]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def html_table(rows: Iterable[Mapping[str, Any]], *, caption: str | None = None) -> str:
    """Render rows as an escaped HTML table (every cell is escaped, so names cannot inject)."""
    rows = list(rows)
    columns: list[str] = []
    for r in rows:
        columns.extend(c for c in r if c not in columns)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_text(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    title = "" if caption is None else f"<caption>{html.escape(caption)}</caption>"
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def brief_repr(record: Any, **shown: Any) -> str:
    """Return ``Kind(id='...', name='...', ...)``: a repr that names a record without its data.

    People's records hold birth dates, contact details and certificates, and a repr travels into
    logs and tracebacks; the trailing ``...`` says that the other fields are left out (and keeps
    the text from passing for a call that would build the record again).
    """
    shown_fields = "".join(f"{name}={value!r}, " for name, value in shown.items())
    return f"{type(record).__name__}({shown_fields}...)"


class Displayable:
    """Mixin: a record shows in a notebook as a two-column table of its fields."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        fields = row(self)
        rows = [{"field": k, "value": v} for k, v in fields.items()]
        return html_table(rows, caption=type(self).__name__)
