"""Seeded, realistic synthetic programs for tests, examples, docs, benchmarks and demos.

The people are invented: names are random composites of common given and family names written
in their own scripts (Latin, Arabic, Persian, Ethiopic, Cyrillic, ...); municipalities and their
coordinates are real. The same seed and arguments always give the same data.

>>> from mentorlib import samples
>>> data = samples.program(seed=3, mentees=100, mentors=80, history=False)
>>> data.mentees[0].id, len(data.mentors)
('e001', 80)
"""

from ._generate import program, vinn_vinn

__all__ = ["program", "vinn_vinn"]
