"""Candidate generation: every allowed pair, found without a dense n×m loop.

People a rule refuses whoever their partner (:meth:`HardRule.eligible`) are left out first.
The most selective rule that offers blocking keys (a shared language, a municipality, a grid
cell), or the two most selective combined when that proposes fewer pairs, proposes pairs by a
join on those keys: a sparse mentee×key by key×mentor product, so each pair is proposed once
however many keys it shares (a small join, of up to 65,536 key matches, sorts them instead).
The other hard rules then filter the proposals as arrays, in the order given except that rules
made from plain per-pair functions go last. Mentees are processed in chunks so memory stays
bounded at 20,000×20,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from ._pairs import BoolArray, Index, IntArray, Keys, Pairs, Side, inverse_permutation, ranges
from ._rules import (
    HardRule,
    eligibility_is_the_test,
    is_per_pair,
    keys_are_the_test,
    side_keys,
    validated_allows,
    validated_eligible,
)

__all__ = ["candidate_pairs", "pairs_sharing_keys"]

_PAIRS_PER_CHUNK = 4_000_000
_SMALL_KEYS = 1 << 15
"""Keys below this (and twice their number) are used as they are, not renumbered."""
_SMALL_JOIN = 1 << 16
"""Up to this many key matches (repeats included) a join sorts them; a sparse product, which
never holds the repeats, is faster above."""


class _Blocks(NamedTuple):
    """Both sides' blocking keys, renumbered 0..width-1 (the same key, the same number)."""

    mentee: Keys
    mentor: Keys
    width: int


def candidate_pairs(
    rules: Sequence[HardRule],
    mentees: Side,
    mentors: Side,
    *,
    on: dt.date,
    rank: tuple[IntArray, IntArray] | None = None,
) -> Pairs:
    """Return every pair all ``rules`` allow, once each, ordered by mentee then mentor.

    People are taken in the order of ``rank`` (each mentee's and mentor's place), by default
    in the order of the sides. The order depends only on which pairs are allowed, so
    equivalent rules (with or without keys) give the solver the same problem and answer.
    """
    eligible = _Eligible(_eligible(rules, mentees, on), _eligible(rules, mentors, on))
    blocking, blocks = _blocking(rules, mentees, mentors, eligible)
    if blocks is None:
        proposals = _cross_product(np.flatnonzero(eligible.mentee), np.flatnonzero(eligible.mentor))
    else:
        proposals = _join(blocks, len(mentees), len(mentors))
    # Proposals hold eligible people only, and share the keys of the blocking rules.
    filters = [
        r
        for r in rules
        if not eligibility_is_the_test(r)
        and not (any(r is b for b in blocking) and keys_are_the_test(r, mentees, mentors))
    ]
    # A plain function is called once per pair: let the array rules narrow the pairs first.
    order = sorted(filters, key=is_per_pair)
    kept: list[tuple[Index, Index]] = []
    for mentee_idx, mentor_idx in proposals:
        pairs = Pairs(mentee_idx, mentor_idx, mentees=mentees, mentors=mentors, on=on)
        for rule in order:
            if not len(pairs):
                break
            allowed = validated_allows(rule, pairs)
            if not allowed.all():
                pairs = pairs.take(allowed)
        kept.append((pairs.mentee, pairs.mentor))
    return _pairs_of(kept, mentees, mentors, on, rank)


def _pairs_of(
    chunks: list[tuple[Index, Index]],
    mentees: Side,
    mentors: Side,
    on: dt.date,
    rank: tuple[IntArray, IntArray] | None = None,
) -> Pairs:
    """Join chunks of unique pairs into one batch ordered by mentee, then mentor."""
    empty = np.zeros(0, dtype=np.int32)
    mentee, mentor = _in_order(
        np.concatenate([c[0] for c in chunks]) if chunks else empty,
        np.concatenate([c[1] for c in chunks]) if chunks else empty,
        rank,
    )
    return Pairs(mentee, mentor, mentees=mentees, mentors=mentors, on=on)


def pairs_sharing_keys(
    rule: HardRule, mentees: Side, mentors: Side, *, among: BoolArray, on: dt.date
) -> Pairs | None:
    """Return the pairs of the mentees marked in ``among`` that share a key of ``rule``.

    Each pair once, ordered by mentee then mentor; ``None`` when the rule offers no keys.
    """
    mentee_keys, mentor_keys = side_keys(rule, mentees), side_keys(rule, mentors)
    if mentee_keys is None or mentor_keys is None:
        return None
    blocks = _dense(_of_eligible(mentee_keys, among), mentor_keys)
    return _pairs_of(_join(blocks, len(mentees), len(mentors)), mentees, mentors, on)


def _in_order(
    mentee: Index, mentor: Index, rank: tuple[IntArray, IntArray] | None
) -> tuple[Index, Index]:
    """Sort unique pairs by mentee, then mentor (the join leaves mentors unsorted).

    With ``rank``, by the mentees' and mentors' places in it instead of their positions.
    """
    # Mentee in the high 32 bits, mentor in the low: shifts and masks undo it faster than
    # a division would.
    first, second = (mentee, mentor) if rank is None else (rank[0][mentee], rank[1][mentor])
    key = (first.astype(np.int64, copy=False) << 32) | second
    if len(key) < 2 or bool((key[1:] > key[:-1]).all()):
        return mentee, mentor
    key.sort()  # sorting the keys themselves is twice as fast as an argsort
    first, second = key >> 32, key & 0xFFFFFFFF
    if rank is not None:  # back from places in the ranking to positions
        first, second = inverse_permutation(rank[0])[first], inverse_permutation(rank[1])[second]
    return first.astype(np.int32), second.astype(np.int32)


class _Eligible(NamedTuple):
    """Who on each side can be in an allowed pair at all (see :meth:`HardRule.eligible`)."""

    mentee: BoolArray
    mentor: BoolArray


def _eligible(rules: Sequence[HardRule], side: Side, on: dt.date) -> BoolArray:
    eligible = np.ones(len(side), dtype=np.bool_)
    for rule in rules:
        mask = validated_eligible(rule, side, on)
        if mask is not None:
            eligible &= mask
    return eligible


def _blocking(
    rules: Sequence[HardRule], mentees: Side, mentors: Side, eligible: _Eligible
) -> tuple[list[HardRule], _Blocks | None]:
    """Keys of the most selective blocking rule, combined with the next when that proposes less.

    Only eligible people's keys count. Combining two rules makes each person's keys the
    product of their keys under both, so a pair shares a combined key exactly when it shares a
    key under each rule.
    """
    ranked: list[tuple[int, int, HardRule, _Blocks]] = []
    for position, rule in enumerate(rules):
        mentee_keys, mentor_keys = side_keys(rule, mentees), side_keys(rule, mentors)
        if mentee_keys is None or mentor_keys is None:
            continue
        blocks = _dense(
            _of_eligible(mentee_keys, eligible.mentee), _of_eligible(mentor_keys, eligible.mentor)
        )
        ranked.append((_join_size(blocks), position, rule, blocks))
    if not ranked:
        return [], None
    ranked.sort(key=lambda item: (item[0], item[1]))
    size, _, rule, blocks = ranked[0]
    if len(ranked) > 1:
        _, _, other_rule, other = ranked[1]
        combined = _dense(
            _product(blocks.mentee, other.mentee, other.width),
            _product(blocks.mentor, other.mentor, other.width),
        )
        if _join_size(combined) < size:
            return [rule, other_rule], combined
    return [rule], blocks


def _of_eligible(keys: Keys, eligible: BoolArray) -> Keys:
    if eligible.all():
        return keys
    keep = eligible[keys[0]]
    return keys[0][keep], keys[1][keep]


def _dense(mentee_keys: Keys, mentor_keys: Keys) -> _Blocks:
    """Renumber both sides' keys 0..width-1 (the same key gets the same number).

    Keys that already are small non-negative numbers (vocabulary codes, minutes of the week)
    are kept as they are: renumbering them would cost more than the unused numbers.
    """
    keys = np.concatenate([mentee_keys[1], mentor_keys[1]])
    split = len(mentee_keys[1])
    if not len(keys):
        return _Blocks((mentee_keys[0], keys[:0]), (mentor_keys[0], keys[:0]), 0)
    if keys.min() >= 0 and keys.max() < _SMALL_KEYS + 2 * len(keys):
        codes, width = keys, int(keys.max()) + 1
    else:
        codes, uniques = pd.factorize(keys)
        codes, width = codes.astype(np.int64), len(uniques)
    return _Blocks((mentee_keys[0], codes[:split]), (mentor_keys[0], codes[split:]), width)


def _product(first: Keys, second: Keys, width: int) -> Keys:
    """Each person's keys under two rules, combined pairwise (``second``'s keys < ``width``).

    Each of a person's ``first`` keys meets the run of their ``second`` keys, which are put in
    order of owner first unless they come so (as ``AvailabilityOverlap``'s do).
    """
    a_owner, a_key = first
    b_owner, b_key = second
    if len(b_owner) > 1 and not bool((b_owner[1:] >= b_owner[:-1]).all()):
        order = np.argsort(b_owner, kind="stable")
        b_owner, b_key = b_owner[order], b_key[order]
    b_per_owner = np.bincount(b_owner, minlength=int(a_owner.max(initial=-1)) + 1)
    b_low = (np.cumsum(b_per_owner) - b_per_owner)[a_owner]
    b_count = b_per_owner[a_owner]
    owners = np.repeat(a_owner, b_count)
    keys = np.repeat(a_key, b_count) * width + b_key[ranges(b_low, b_count)]
    return owners, keys


def _join_size(blocks: _Blocks) -> int:
    """How many (mentee, mentor, key) matches the join would propose, repeats included."""
    mentees = np.bincount(blocks.mentee[1], minlength=blocks.width)
    mentors = np.bincount(blocks.mentor[1], minlength=blocks.width)
    return int(mentees @ mentors)


def _cross_product(mentees: IntArray, mentors: IntArray) -> list[tuple[Index, Index]]:
    """Every pair of the given mentees and mentors (positions), in chunks of bounded size."""
    if not len(mentees) or not len(mentors):
        return []
    rows = max(1, _PAIRS_PER_CHUNK // len(mentors))
    columns = mentors.astype(np.int32)
    chunks = []
    for start in range(0, len(mentees), rows):
        block = mentees[start : start + rows].astype(np.int32)
        chunks.append((np.repeat(block, len(columns)), np.tile(columns, len(block))))
    return chunks


def _join(blocks: _Blocks, n_mentees: int, n_mentors: int) -> list[tuple[Index, Index]]:
    """Pairs of a mentee and a mentor sharing a key, each once, in chunks of bounded size.

    A chunk is a run of mentees whose key matches (repeats included) stay near
    ``_PAIRS_PER_CHUNK``; its pairs are the nonzeros of (mentee × key) @ (key × mentor).
    A join of at most ``_SMALL_JOIN`` matches is one chunk of sorted pairs instead.
    """
    (mentee_owner, mentee_key), (mentor_owner, mentor_key) = blocks.mentee, blocks.mentor
    width = max(blocks.width, 1)
    per_key = np.bincount(mentor_key, minlength=width)
    proposed = np.bincount(mentee_owner, weights=per_key[mentee_key], minlength=n_mentees)
    ends = np.cumsum(proposed)
    if not n_mentees or ends[-1] <= _SMALL_JOIN:
        return [_sorted_join(blocks)]
    by_mentee = sparse.csr_array(
        (np.ones(len(mentee_owner), dtype=np.bool_), (mentee_owner, mentee_key)),
        shape=(n_mentees, width),
    )
    by_key = sparse.csr_array(
        (np.ones(len(mentor_owner), dtype=np.bool_), (mentor_key, mentor_owner)),
        shape=(width, n_mentors),
    )
    chunks = []
    start = 0
    while start < n_mentees:
        done = ends[start - 1] if start else 0.0
        stop = max(int(np.searchsorted(ends, done + _PAIRS_PER_CHUNK, side="right")), start + 1)
        found = by_mentee[start:stop] @ by_key
        rows = np.arange(start, stop, dtype=np.int32)
        chunks.append(
            (np.repeat(rows, np.diff(found.indptr)), found.indices.astype(np.int32, copy=False))
        )
        start = stop
    return chunks


def _sorted_join(blocks: _Blocks) -> tuple[Index, Index]:
    """Pairs of a mentee and a mentor sharing a key, each once, ordered by mentee then mentor.

    Every match of a mentee's key with a mentor's, sorted, without repeats: for a few
    thousand matches this takes half the time of building two sparse matrices.
    """
    (mentee_owner, mentee_key), (mentor_owner, mentor_key) = blocks.mentee, blocks.mentor
    order = np.argsort(mentor_key, kind="stable")
    keys, owners = mentor_key[order], mentor_owner[order]
    low = np.searchsorted(keys, mentee_key, side="left")
    count = np.searchsorted(keys, mentee_key, side="right") - low
    pair = np.repeat(mentee_owner.astype(np.int64) << 32, count)  # as in _in_order
    pair |= owners[ranges(low, count)]
    pair.sort()
    pair = pair[np.diff(pair, prepend=-1) != 0]
    return (pair >> 32).astype(np.int32), (pair & 0xFFFFFFFF).astype(np.int32)
