"""Candidate generation: every allowed pair, found without a dense n×m loop.

The most selective rule that offers blocking keys (a shared language, a municipality, a grid
cell) proposes pairs by a sorted join on those keys; the other hard rules then filter the
proposals as arrays. Mentees are processed in chunks so memory stays bounded at 20,000×20,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from ._pairs import Index, IntArray, Keys, Pairs, Side
from ._rules import HardRule, keys_are_the_test, validated_allows, validated_keys

__all__ = ["candidate_pairs"]

_PAIRS_PER_CHUNK = 4_000_000
_CELLS_PER_CHUNK = 32_000_000  # mentees in a chunk × mentors: the de-duplication bitmap


def candidate_pairs(
    rules: Sequence[HardRule], mentees: Side, mentors: Side, *, on: dt.date
) -> Pairs:
    """Return every pair all ``rules`` allow, ordered by mentee then mentor position."""
    blocking, keys = _blocking(rules, mentees, mentors)
    if keys is None:
        proposals = _cross_product(len(mentees), len(mentors))
    else:
        proposals = _join(keys[0], keys[1], len(mentors))
    # The blocking rules' own tests are selective and cheap: run them first, unless their keys
    # already are the test.
    order = [
        *(b for b in blocking if not keys_are_the_test(b)),
        *(r for r in rules if all(r is not b for b in blocking)),
    ]
    kept_mentee: list[Index] = []
    kept_mentor: list[Index] = []
    for mentee_idx, mentor_idx in proposals:
        pairs = Pairs(mentee_idx, mentor_idx, mentees=mentees, mentors=mentors, on=on)
        for rule in order:
            if not len(pairs):
                break
            pairs = pairs.take(validated_allows(rule, pairs))
        kept_mentee.append(pairs.mentee)
        kept_mentor.append(pairs.mentor)
    empty = np.zeros(0, dtype=np.int32)
    return Pairs(
        np.concatenate(kept_mentee) if kept_mentee else empty,
        np.concatenate(kept_mentor) if kept_mentor else empty,
        mentees=mentees,
        mentors=mentors,
        on=on,
    )


def _blocking(
    rules: Sequence[HardRule], mentees: Side, mentors: Side
) -> tuple[list[HardRule], tuple[Keys, Keys] | None]:
    """Keys of the most selective blocking rule, combined with the next when that proposes less.

    Combining two rules makes each person's keys the product of their keys under both, so a
    pair shares a combined key exactly when it shares a key under each rule.
    """
    ranked: list[tuple[int, int, HardRule, tuple[Keys, Keys]]] = []
    for position, rule in enumerate(rules):
        mentee_keys, mentor_keys = rule.keys(mentees), rule.keys(mentors)
        if mentee_keys is None or mentor_keys is None:
            continue
        keys = _dense(
            validated_keys(rule, mentee_keys, mentees), validated_keys(rule, mentor_keys, mentors)
        )
        ranked.append((_join_size(keys[0][1], keys[1][1]), position, rule, keys))
    if not ranked:
        return [], None
    ranked.sort(key=lambda item: (item[0], item[1]))
    size, _, rule, keys = ranked[0]
    if len(ranked) > 1:
        other = ranked[1]
        width = int(max(other[3][0][1].max(initial=0), other[3][1][1].max(initial=0))) + 1
        combined = (
            _product(keys[0], other[3][0], width),
            _product(keys[1], other[3][1], width),
        )
        if _join_size(combined[0][1], combined[1][1]) < size:
            return [rule, other[2]], combined
    return [rule], keys


def _dense(mentee_keys: Keys, mentor_keys: Keys) -> tuple[Keys, Keys]:
    """Renumber both sides' keys 0..k-1 (the same key gets the same number)."""
    values = np.concatenate([mentee_keys[1], mentor_keys[1]])
    _, codes = np.unique(values, return_inverse=True)
    split = len(mentee_keys[1])
    return (mentee_keys[0], codes[:split]), (mentor_keys[0], codes[split:])


def _product(first: Keys, second: Keys, width: int) -> Keys:
    """Each person's keys under two rules, combined pairwise (``second``'s keys < ``width``)."""
    a_order = np.argsort(first[0], kind="stable")
    b_order = np.argsort(second[0], kind="stable")
    a_owner, a_key = first[0][a_order], first[1][a_order]
    b_owner, b_key = second[0][b_order], second[1][b_order]
    b_low = np.searchsorted(b_owner, a_owner, side="left")
    b_count = np.searchsorted(b_owner, a_owner, side="right") - b_low
    total = int(b_count.sum())
    starts = np.cumsum(b_count) - b_count
    positions = np.arange(total, dtype=np.int64) - np.repeat(starts - b_low, b_count)
    owners = np.repeat(a_owner, b_count)
    keys = np.repeat(a_key, b_count) * width + b_key[positions]
    return owners, keys


def _join_size(mentee_keys: IntArray, mentor_keys: IntArray) -> int:
    if not len(mentee_keys) or not len(mentor_keys):
        return 0
    values, counts = np.unique(mentor_keys, return_counts=True)
    where = np.searchsorted(values, mentee_keys)
    where = np.clip(where, 0, max(len(values) - 1, 0))
    hit = (values[where] == mentee_keys) if len(values) else np.zeros(len(mentee_keys), bool)
    return int(counts[where][hit].sum())


def _cross_product(n_mentees: int, n_mentors: int) -> list[tuple[Index, Index]]:
    if not n_mentees or not n_mentors:
        return []
    rows = max(1, _PAIRS_PER_CHUNK // n_mentors)
    chunks = []
    for start in range(0, n_mentees, rows):
        block = np.arange(start, min(start + rows, n_mentees), dtype=np.int32)
        chunks.append(
            (np.repeat(block, n_mentors), np.tile(np.arange(n_mentors, dtype=np.int32), len(block)))
        )
    return chunks


def _join(mentee_keys: Keys, mentor_keys: Keys, n_mentors: int) -> list[tuple[Index, Index]]:
    """Pairs of a mentee and a mentor sharing a key, unique, in chunks of bounded size."""
    mentee_owner, mentee_key = mentee_keys
    mentor_owner, mentor_key = mentor_keys
    order = np.argsort(mentor_key, kind="stable")
    mentor_owner, mentor_key = mentor_owner[order], mentor_key[order]
    low = np.searchsorted(mentor_key, mentee_key, side="left")
    counts = np.searchsorted(mentor_key, mentee_key, side="right") - low
    by_mentee = np.argsort(mentee_owner, kind="stable")
    mentee_owner, low, counts = mentee_owner[by_mentee], low[by_mentee], counts[by_mentee]
    cumulative = np.cumsum(counts)
    mentees_per_chunk = max(1, _CELLS_PER_CHUNK // max(n_mentors, 1))
    chunks = []
    start = 0
    while start < len(mentee_owner):
        base = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, base + _PAIRS_PER_CHUNK, side="right"))
        last_owner = mentee_owner[start] + mentees_per_chunk
        stop = min(stop, int(np.searchsorted(mentee_owner, last_owner, side="left")))
        stop = max(stop, start + 1)
        # Never split one mentee's rows across chunks, so de-duplication stays within a chunk.
        while stop < len(mentee_owner) and mentee_owner[stop] == mentee_owner[stop - 1]:
            stop += 1
        chunks.append(
            _expand(
                mentee_owner[start:stop],
                low[start:stop],
                counts[start:stop],
                mentor_owner,
                n_mentors,
            )
        )
        start = stop
    return chunks


def _expand(
    owners: IntArray, low: IntArray, counts: IntArray, mentor_owner: IntArray, n_mentors: int
) -> tuple[Index, Index]:
    """Expand key matches to pairs, de-duplicated through a bitmap of the chunk's pairs."""
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty
    row_starts = np.cumsum(counts) - counts
    positions = np.arange(total, dtype=np.int64) - np.repeat(row_starts - low, counts)
    first = int(owners[0])
    span = int(owners[-1]) - first + 1
    seen = np.zeros(span * n_mentors, dtype=np.bool_)
    seen[(np.repeat(owners, counts) - first) * n_mentors + mentor_owner[positions]] = True
    codes = np.flatnonzero(seen)
    return (codes // n_mentors + first).astype(np.int32), (codes % n_mentors).astype(np.int32)
