"""Untrusted text made safe for iCalendar: cleaned, escaped, quoted and folded (see ``_ical``).

Also the checks on what else goes into a calendar or its name: e-mail addresses and file names.
"""

from __future__ import annotations

import hashlib
import re

from mentorlib.model import ValidationError

__all__ = ["clean_text", "escape_text", "fold", "mailto", "param_value", "safe_filename"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")
_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")
# Lone surrogates (text read with errors="surrogateescape") cannot be written as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    r"""Return text with every line break as ``\\n`` and other control characters dropped.

    Each lone surrogate becomes U+FFFD, the replacement character.
    """
    return _SURROGATES.sub("\ufffd", _CONTROL.sub("", _BREAKS.sub("\n", value)))


def escape_text(value: str) -> str:
    r"""Return a TEXT value escaped as RFC 5545, section 3.3.11 asks.

    >>> from mentorlib.scheduling._ical_text import escape_text
    >>> print(escape_text("Ali\r\nATTENDEE:mailto:x@evil; a,b \\"))
    Ali\nATTENDEE:mailto:x@evil\; a\,b \\
    """
    text = clean_text(value)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def param_value(value: str) -> str:
    """Quote a parameter value: one line, quotes and carets escaped as RFC 6868."""
    text = " ".join(clean_text(value).split())
    return '"' + text.replace("^", "^^").replace('"', "^'") + '"'


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, section 3.1), never inside a character."""
    if line.isascii() and len(line) <= 75:
        return line
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


_EMAIL = re.compile(
    r"^[^\s\"<>\\:;,()\[\]@\x00-\x1f\x7f\ud800-\udfff]+"
    r"@[^\s\"<>\\:;,()\[\]@\x00-\x1f\x7f\ud800-\udfff]+$"
)
# What an address may hold but a mailto URI must percent-encode (RFC 6068, section 2): "?"
# would start headers ("a?cc=x@example.org" is "a" with a Cc), "%" an escape, and so on.
_URI_UNSAFE = re.compile(r"[%/?#&=^`{|}]")


def mailto(email: str, *, record: str, record_id: str | None) -> str:
    """Return the ``mailto:`` URI of an address, refusing one that could break its line."""
    if not _EMAIL.match(email):
        raise ValidationError(
            f"{email!r} cannot go into a calendar as an address; use a plain "
            "name@example.org address",
            record=record,
            record_id=record_id,
            field="email",
        )
    return "mailto:" + _URI_UNSAFE.sub(lambda found: f"%{ord(found[0]):02X}", email)


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_filename(stem: str) -> str:
    """Return a file name for an id: unsafe characters replaced, plus a hash when any were."""
    cleaned = _SAFE.sub("_", stem)
    if cleaned != stem or cleaned.startswith("."):
        cleaned = f"{cleaned.lstrip('.')}-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    return cleaned
