"""The fast paths of the pure modules give exactly what the straightforward code gives.

``aggregate_pool`` runs mean, median and trimmed mean on scaled integers, and ``input_hash`` /
``result_hash`` write their canonical JSON directly. An auditor re-running a published result
with the plain definitions must get the same scores and the same hashes, so each fast path is
compared with its reference definition on generated input.
"""

from __future__ import annotations

import gc
import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging import aggregation
from judging.aggregation import Aggregation, Criterion, EntryReviews, Review, aggregate_pool
from judging.allocation import (
    PolicyInputError,
    _result_body,
    allocate,
    canonical_json,
    entries_to_list,
    input_hash,
    parse_entries,
    parse_policy,
    policy_to_dict,
    result_hash,
    sha256_hex,
)

places = st.integers(min_value=0, max_value=3)


@st.composite
def pools(draw):
    score_places = draw(places)
    weight_places = draw(places)
    count = draw(st.integers(min_value=1, max_value=4))
    criteria = tuple(
        Criterion(
            key=f"c{i}",
            weight=Decimal(draw(st.integers(1, 40))).scaleb(-weight_places),
            max=Decimal(100),
        )
        for i in range(count)
    )
    entries = []
    for e in range(draw(st.integers(min_value=0, max_value=8))):
        judges = draw(st.lists(st.integers(0, 60), unique=True, max_size=9))
        reviews = tuple(
            Review(
                f"J{j}",
                {
                    c.key: Decimal(draw(st.integers(0, 100 * 10**score_places))).scaleb(
                        -score_places
                    )
                    for c in criteria
                },
            )
            for j in judges
        )
        entries.append(EntryReviews(f"E{e}", reviews))
    return criteria, entries


def _as_text(aggregates):
    """Values and their written form (a Decimal's exponent shows in str())."""
    return {
        key: (
            a.review_count,
            str(a.score),
            str(a.spread),
            {k: str(v) for k, v in a.criterion_scores.items()},
            {k: str(v) for k, v in a.judge_totals.items()},
        )
        for key, a in aggregates.items()
    }


@settings(max_examples=150, deadline=None)
@given(
    pools(),
    st.sampled_from([Aggregation.MEAN, Aggregation.MEDIAN, Aggregation.TRIMMED_MEAN]),
    st.integers(min_value=0, max_value=2),
)
def test_integer_aggregation_equals_decimal_aggregation(pool, method, trim):
    criteria, entries = pool
    fast = aggregate_pool(entries, criteria, method=method, trim=trim)
    reference = aggregation._aggregate_decimal(
        sorted(entries, key=lambda e: e.entry_id), criteria, method, trim, 5
    )
    assert _as_text(fast) == _as_text(reference)


def test_scores_with_too_many_places_take_the_decimal_path():
    criteria = (Criterion("c", Decimal(1), Decimal(10)),)
    entries = [
        EntryReviews("E1", (Review("J1", {"c": Decimal("1." + "1" * 20)}),)),
        EntryReviews("E2", (Review("J1", {"c": Decimal("2")}),)),
    ]
    result = aggregate_pool(entries, criteria)
    assert str(result["E1"].score) == "1.1111"
    assert str(result["E2"].score) == "2.0000"


def _policy(fallback: str) -> dict:
    return {
        "budget": 90_000_000,
        "rounding_unit": 100_000,
        "mode": "tiered",
        "tiers": [
            {"key": "first", "name": "Giải Nhất", "count": 1, "amount": 30_000_000},
            {"key": "second", "name": "Giải Nhì", "count": 2, "amount": 20_000_000},
            {"key": "merit", "name": "Khuyến khích", "count": 3, "amount": 5_000_000},
        ],
        "criteria": [
            {"key": "novelty", "weight": "1.5", "max": 10},
            {"key": "impact", "weight": 2, "max": 10, "min": 2},
        ],
        "overall_min": 5,
        "min_reviews": 2,
        "max_awards_per_organisation": 2,
        "tie_keys": ["impact"],
        "tie_fallback": fallback,
    }


@st.composite
def entry_lists(draw):
    names = st.text(min_size=1, max_size=6)
    entries = []
    for i in range(draw(st.integers(min_value=0, max_value=14))):
        entries.append(
            {
                "id": f"E{i:02d}-{draw(names)}",
                "organisation": draw(
                    st.one_of(st.none(), st.sampled_from(["Công ty A", 'B"', "C\\"]))
                ),
                "call": draw(st.one_of(st.none(), st.sampled_from(["P01", "P02"]))),
                "eligible": draw(st.booleans()),
                "reviews": [
                    {
                        "judge": f"J{j}",
                        "scores": {
                            "novelty": str(draw(st.integers(0, 20)) / 2),
                            "impact": draw(st.integers(0, 10)),
                        },
                    }
                    for j in draw(st.lists(st.integers(0, 5), unique=True, max_size=4))
                ],
            }
        )
    return entries


@settings(max_examples=100, deadline=None)
@given(entry_lists(), st.sampled_from(["committee", "share", "seeded_lottery"]))
def test_hashes_equal_canonical_json_of_the_documented_forms(raw_entries, fallback):
    ids = [e["id"] for e in raw_entries]
    if len(set(ids)) != len(ids):
        return
    policy = parse_policy(_policy(fallback))
    entries = parse_entries(raw_entries)
    expected_input = sha256_hex(
        {"policy": policy_to_dict(policy), "entries": entries_to_list(entries)}
    )
    assert input_hash(policy, entries) == expected_input

    result = allocate(policy, entries)
    body = _result_body(result)
    body["decisions"] = sorted(body["decisions"], key=lambda d: d["id"])
    assert result.input_hash == expected_input
    assert result.result_hash == result_hash(result) == sha256_hex(body)
    assert canonical_json(body)  # the documented form is valid JSON input for the encoder


def _documented_hashes(policy, entries, result):
    expected_input = sha256_hex(
        {"policy": policy_to_dict(policy), "entries": entries_to_list(entries)}
    )
    body = _result_body(result)
    body["decisions"] = sorted(body["decisions"], key=lambda d: d["id"])
    return expected_input, sha256_hex(body)


def test_hashes_hold_across_chunks_of_even_and_uneven_review_counts():
    """A run hashes its text a thousand entries at a time, with one template per chunk when
    every entry of the chunk has the same number of reviews. Hashes must not depend on that:
    2,600 entries give chunks of three reviews each, then chunks of 0 to 4."""
    rng = random.Random(3)
    raw = []
    for i in range(2600):
        n = 3 if i < 1500 else rng.randrange(0, 5)
        raw.append(
            {
                "id": f"E{i:05d}",
                "organisation": rng.choice([None, "Công ty Ánh Dương", 'B"', "C%s"]),
                "call": rng.choice([None, "P01", "P02"]),
                "eligible": rng.random() > 0.1,
                "reviews": [
                    {
                        "judge": f"J{j}",
                        "scores": {
                            "novelty": str(rng.randrange(0, 21) / 2),
                            "impact": rng.randrange(0, 11),
                        },
                    }
                    for j in rng.sample(range(8), n)
                ],
            }
        )
    policy = parse_policy(_policy("seeded_lottery"))
    entries = parse_entries(raw)
    # The same entries built directly rather than parsed: in reverse id order, each entry's
    # reviews in reverse judge order (parsing sorts them; allocate must not rely on it).
    built = tuple(replace(e, reviews=tuple(reversed(e.reviews))) for e in reversed(entries))
    assert any(len(e.reviews) > 1 for e in built)

    parsed_result = allocate(policy, entries)
    built_result = allocate(policy, built)

    expected_input, expected_result = _documented_hashes(policy, entries, parsed_result)
    assert parsed_result.input_hash == built_result.input_hash == expected_input
    assert parsed_result.result_hash == built_result.result_hash == expected_result
    assert parsed_result.to_dict() == built_result.to_dict()
    assert {d.reason.value for d in parsed_result.decisions} >= {
        "AWARDED",
        "INELIGIBLE",
        "INSUFFICIENT_REVIEWS",
        "BELOW_OVERALL_THRESHOLD",
    }


def test_parsing_reads_each_review_with_its_own_value_types():
    """Parsing reads each distinct score row once and shares it, but 1, 1.0 and True are equal
    keys in Python: each must still be read as written, and True refused."""
    policy = parse_policy(_policy("committee"))
    rows = [
        {"novelty": 1, "impact": 2},
        {"novelty": 1.0, "impact": 2},
        {"novelty": "1", "impact": 2},
    ]
    entries = parse_entries(
        [
            {"id": f"E{i}", "reviews": [{"judge": "J1", "scores": scores}]}
            for i, scores in enumerate(rows)
        ]
    )
    assert [str(e.reviews[0].scores["novelty"]) for e in entries] == ["1", "1.0", "1"]
    assert allocate(policy, entries).input_hash == input_hash(policy, entries)

    with pytest.raises(PolicyInputError) as refused:
        parse_entries(
            [
                {"id": "E1", "reviews": [{"judge": "J1", "scores": {"novelty": 1, "impact": 2}}]},
                {
                    "id": "E2",
                    "reviews": [{"judge": "J1", "scores": {"novelty": True, "impact": 2}}],
                },
            ]
        )
    assert str(refused.value) == "entries[1].reviews[0].scores.novelty: must be a number"


@pytest.mark.parametrize("raises", [False, True])
def test_a_run_leaves_the_cycle_collector_as_it_found_it(raises):
    """A run pauses Python's cycle collector; afterwards it is on again if it was on, off if
    the caller had switched it off, and objects a pre-forking server froze stay frozen."""
    policy = parse_policy(_policy("committee"))
    entries = parse_entries([{"id": "E1", "reviews": []}])
    if raises:
        entries = (*entries, entries[0])  # a duplicate id: the run stops with an error

    def run():
        if raises:
            with pytest.raises(PolicyInputError):
                allocate(policy, entries)
        else:
            allocate(policy, entries)

    def still_frozen(marker: list) -> bool:
        # Frozen objects are out of the collector's sight (its generations list them not).
        return gc.get_freeze_count() > 0 and not any(o is marker for o in gc.get_objects())

    assert gc.isenabled()
    marker: list = []
    try:
        gc.freeze()
        run()
        assert gc.isenabled()
        assert still_frozen(marker)
        gc.unfreeze()
        run()
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        gc.disable()
        run()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
    assert not still_frozen(marker)
