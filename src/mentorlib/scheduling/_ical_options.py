"""The options of an iCalendar export: its iTIP method, and what event text says."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from mentorlib.model import ValidationError, to_enum

__all__ = ["EventText", "Method", "NameStyle", "parse_method"]


class Method(enum.StrEnum):
    """The iTIP method of a calendar file (RFC 5546, section 1.4).

    ``PUBLISH``: a plain feed or file to import; no attendees. ``REQUEST``: invitations and
    updates, with ``ORGANIZER`` and ``ATTENDEE``; cancelled events are left out. ``CANCEL``:
    cancellations of events sent before, with the same UID and a higher ``SEQUENCE``. A method
    may be named in any case: ``Method("request")`` is ``Method.REQUEST``.
    """

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"

    @classmethod
    def _missing_(cls, value: object) -> Method | None:
        """Name a method in any case: ``"request"`` is ``REQUEST``."""
        if isinstance(value, str) and value.upper() in cls.__members__:
            return cls[value.upper()]
        return None


def parse_method(value: Method | str) -> Method:
    """Return the method named (in any case), or raise a ValidationError."""
    return to_enum(Method, value, record="Calendar", field="method")


class NameStyle(enum.StrEnum):
    """How people are named in event text.

    ``FIRST_NAME``: the first word of the display name (an Arabic-script ``عبد`` or ``أبو`` or a
    Latin ``Abd``/``Abdel``/``Abdul``/``Abu`` stays with the word after it; ``Abdi`` is a name).
    ``DISPLAY_NAME``: as recorded. ``CODE``: the person's id. ``NONE``: no names at all.
    """

    FIRST_NAME = "first name"
    DISPLAY_NAME = "display name"
    CODE = "code"
    NONE = "none"


def _name_style(value: NameStyle | str) -> NameStyle:
    return to_enum(NameStyle, value, record="EventText", field="names")


def _text(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Refuse what is not text here, rather than fail later inside the export."""
    if not isinstance(value, str):
        raise ValidationError(
            f"expected text, got {type(value).__name__} {value!r}",
            record="EventText",
            field=attribute.name,
        )


@attrs.frozen
class EventText:
    """What event text says. The defaults carry the least personal data that still helps.

    An event's ``SUMMARY`` is ``title`` and the two parties' names (``"Mentoring meeting: Amina &
    Ingrid"``; with a team, every member's: ``"Amina, Ingrid & Yonas"``); a gathering's is its
    own title. ``DESCRIPTION`` names the program and the meeting's
    number, then ``note``. ``LOCATION`` is the place when ``place`` is true. ``CLASS:PRIVATE``
    asks calendar apps to hide the details from people the calendar is shared with.

    A plan holds only each person's id, display name, e-mail and role, so health, case,
    referral or background data cannot reach a calendar whatever is chosen here.

    Examples
    --------
    >>> from mentorlib.scheduling import EventText
    >>> EventText(names="code", title="Meeting").title
    'Meeting'
    """

    title: str = attrs.field(default="Mentoring meeting", validator=_text)
    names: NameStyle = attrs.field(default=NameStyle.FIRST_NAME, converter=_name_style)
    place: bool = True
    program_name: bool = True
    note: str | None = attrs.field(default=None, validator=attrs.validators.optional(_text))
    private: bool = True
