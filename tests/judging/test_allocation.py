import copy
import hashlib
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judging.aggregation import EntryReviews, aggregate_pool
from judging.allocation import (
    Mode,
    PolicyInputError,
    Reason,
    RunStatus,
    _explain,
    _Sentences,
    allocate,
    lottery_seed,
    money_en,
    money_vi,
    parse_entries,
    parse_policy,
    simulate,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
M = 1_000_000


def tiered_policy(**overrides: Any) -> dict[str, Any]:
    """The DESIGN.md worked-example policy over two criteria (impact, novelty; weight 1)."""
    policy: dict[str, Any] = {
        "budget": 100 * M,
        "rounding_unit": 100_000,
        "mode": "tiered",
        "tiers": [
            {
                "key": "first",
                "name": "Giải Nhất",
                "name_en": "First prize",
                "count": 1,
                "amount": 30 * M,
                "min_score": 85,
            },
            {
                "key": "second",
                "name": "Giải Nhì",
                "name_en": "Second prize",
                "count": 2,
                "amount": 20 * M,
                "min_score": 75,
            },
            {
                "key": "third",
                "name": "Giải Ba",
                "name_en": "Third prize",
                "count": 3,
                "amount": 10 * M,
                "min_score": 65,
            },
            {
                "key": "fourth",
                "name": "Giải Khuyến khích",
                "name_en": "Consolation prize",
                "count": 5,
                "amount": 4 * M,
                "min_score": 50,
            },
        ],
        "criteria": [
            {"key": "impact", "weight": 1, "max": 100},
            {"key": "novelty", "weight": 1, "max": 100},
        ],
        "overall_min": 50,
    }
    policy.update(overrides)
    return policy


def entry(
    entry_id: str,
    score: int | str,
    *,
    novelty: int | str = 0,
    reviews: int = 3,
    **fields: Any,
) -> dict[str, Any]:
    """An entry whose judges all give ``score`` in total (``novelty`` of it on novelty)."""
    impact = Decimal(str(score)) - Decimal(str(novelty))
    return {
        "id": entry_id,
        "organisation": fields.pop("organisation", f"ORG-{entry_id}"),
        "call": fields.pop("call", "P01"),
        "reviews": [
            {"judge": f"J{i}", "scores": {"impact": str(impact), "novelty": str(novelty)}}
            for i in range(1, reviews + 1)
        ],
        **fields,
    }


def outcome(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (d["id"], d["rank"], d["score"], d["tier"], d["amount"], d["reason"])
        for d in result["decisions"]
    ]


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in result["decisions"]}


def load_example() -> tuple[Any, Any]:
    policy = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    entries = json.loads((EXAMPLES / "entries.json").read_text(encoding="utf-8"))
    return policy, entries


# --------------------------------------------------------------------------- worked examples


def test_allocate_worked_example_matches_design():
    policy, entries = load_example()

    result = simulate(policy, entries)

    assert result["status"] == "final"
    assert result["spent"] == 100 * M
    assert result["unspent"] == 0
    assert outcome(result) == [
        ("TIC-001", 1, "90.0000", "first", 30 * M, "AWARDED"),
        ("TIC-002", 2, "80.0000", "second", 20 * M, "AWARDED"),
        ("TIC-003", 3, "78.0000", "second", 20 * M, "AWARDED"),
        ("TIC-004", 4, "70.0000", "third", 10 * M, "AWARDED"),
        ("TIC-005", 5, "68.0000", "third", 10 * M, "AWARDED"),
        ("TIC-006", 6, "66.0000", "third", 10 * M, "AWARDED"),
        ("TIC-007", 7, "60.0000", None, 0, "BUDGET_EXHAUSTED"),
        ("TIC-008", 8, "55.0000", None, 0, "BUDGET_EXHAUSTED"),
        ("TIC-009", None, "45.0000", None, 0, "BELOW_OVERALL_THRESHOLD"),
    ]


def test_allocate_worked_example_explanations_in_both_languages():
    policy, entries = load_example()

    decisions = by_id(simulate(policy, entries))

    assert decisions["TIC-001"]["explanation"] == {
        "vi": "Đạt Giải Nhất trị giá 30.000.000 ₫ với điểm 90,0000, xếp hạng 1.",
        "en": "Awarded First prize of VND 30,000,000 with score 90.0000, rank 1.",
    }
    assert decisions["TIC-007"]["explanation"] == {
        "vi": "Ngân sách còn lại 0 ₫ không đủ cho Giải Khuyến khích (4.000.000 ₫).",
        "en": "The remaining budget of VND 0 cannot cover Consolation prize (VND 4,000,000).",
    }
    assert decisions["TIC-007"]["params"] == {
        "remaining": 0,
        "needed": 4 * M,
        "tier": "consolation",
    }
    assert decisions["TIC-009"]["explanation"] == {
        "vi": "Điểm 45,0000 thấp hơn điểm tối thiểu chung 50,0000.",
        "en": "Score 45.0000 is below the overall minimum of 50.0000.",
    }


def test_allocate_second_worked_example_reports_first_prize_unfilled():
    entries = [entry("E1", 84), entry("E2", 80), entry("E3", 70)]

    result = simulate(tiered_policy(), entries)

    assert outcome(result) == [
        ("E1", 1, "84.0000", "second", 20 * M, "AWARDED"),
        ("E2", 2, "80.0000", "second", 20 * M, "AWARDED"),
        ("E3", 3, "70.0000", "third", 10 * M, "AWARDED"),
    ]
    assert result["spent"] == 50 * M
    assert result["unspent"] == 50 * M
    assert result["unfilled_tiers"][0] == {
        "tier": "first",
        "free": 1,
        "places": 1,
        "explanation": {
            "vi": "Giải Nhất không được trao (trống 1/1 suất).",
            "en": "First prize not filled (1 of 1 places free).",
        },
    }
    assert [u["tier"] for u in result["unfilled_tiers"]] == ["first", "third", "fourth"]


def test_money_formats_per_language():
    assert money_vi(30_000_000) == "30.000.000 ₫"
    assert money_en(30_000_000) == "VND 30,000,000"


# --------------------------------------------------------------------------- reason codes


def test_allocate_ineligible_entry_is_unranked_without_score():
    result = simulate(tiered_policy(), [entry("E1", 90, eligible=False)])

    assert outcome(result) == [("E1", None, None, None, 0, "INELIGIBLE")]
    assert by_id(result)["E1"]["explanation"]["vi"] == (
        "Hồ sơ không đủ điều kiện nên không được xét giải."
    )


def test_allocate_too_few_reviews_is_insufficient():
    result = simulate(tiered_policy(), [entry("E1", 90, reviews=2)])

    decision = by_id(result)["E1"]
    assert (decision["rank"], decision["reason"], decision["score"]) == (
        None,
        "INSUFFICIENT_REVIEWS",
        "90.0000",
    )
    assert decision["params"] == {"reviews": 2, "min_reviews": 3}
    assert (
        decision["explanation"]["en"] == "Only 2 reviews were submitted; at least 3 are required."
    )


def test_allocate_entry_without_reviews_has_no_score():
    result = simulate(tiered_policy(), [entry("E1", 90, reviews=0)])

    decision = by_id(result)["E1"]
    assert (decision["score"], decision["reason"]) == (None, "INSUFFICIENT_REVIEWS")
    assert decision["explanation"] == {
        "vi": "Hồ sơ chưa có phiếu chấm nào, cần tối thiểu 3 phiếu.",
        "en": "No reviews were submitted; at least 3 are required.",
    }


def test_allocate_blocked_disagreement_needs_consensus():
    wide = entry("E1", 80)
    wide["reviews"][0]["scores"]["impact"] = "60"
    policy = tiered_policy(disagreement_spread=15, block_on_disagreement=True)

    result = simulate(policy, [wide, entry("E2", 70)])

    assert result["status"] == "needs_consensus"
    decision = by_id(result)["E1"]
    assert (decision["rank"], decision["reason"]) == (None, "NEEDS_CONSENSUS")
    assert decision["params"] == {"spread": "20.0000", "limit": "15.0000"}
    assert by_id(result)["E2"]["reason"] == "AWARDED"


def test_allocate_unblocked_disagreement_is_flagged_and_ranked():
    wide = entry("E1", 80)
    wide["reviews"][0]["scores"]["impact"] = "60"

    result = simulate(tiered_policy(disagreement_spread=15), [wide])

    decision = by_id(result)["E1"]
    assert result["status"] == "final"
    assert (decision["reason"], decision["score"]) == ("AWARDED", "73.3333")
    assert decision["params"] == {"disagreement": True, "spread": "20.0000"}


def test_allocate_spread_equal_to_limit_is_not_disagreement():
    wide = entry("E1", 80)
    wide["reviews"][0]["scores"]["impact"] = "60"
    policy = tiered_policy(disagreement_spread=20, block_on_disagreement=True)

    result = simulate(policy, [wide])

    assert by_id(result)["E1"]["reason"] == "AWARDED"
    assert by_id(result)["E1"]["params"] == {}


def test_allocate_criterion_minimum_not_met_is_below_criterion_threshold():
    policy = tiered_policy()
    policy["criteria"][1]["min"] = 20

    result = simulate(policy, [entry("E1", 90, novelty=19), entry("E2", 80, novelty=20)])

    decision = by_id(result)["E1"]
    assert (decision["rank"], decision["reason"]) == (None, "BELOW_CRITERION_THRESHOLD")
    assert decision["params"] == {
        "criterion": "novelty",
        "criterion_score": "19.0000",
        "min": "20.0000",
    }
    assert by_id(result)["E2"]["tier"] == "second"
    assert by_id(result)["E2"]["rank"] == 1


def test_allocate_org_cap_skips_to_next_entry():
    entries = [
        entry("E1", 90, organisation="ORG-A"),
        entry("E2", 88, organisation="ORG-A"),
        entry("E3", 86, organisation="ORG-B"),
    ]

    result = simulate(tiered_policy(max_awards_per_organisation=1), entries)

    assert outcome(result) == [
        ("E1", 1, "90.0000", "first", 30 * M, "AWARDED"),
        ("E2", 2, "88.0000", None, 0, "ORG_CAP_REACHED"),
        ("E3", 3, "86.0000", "second", 20 * M, "AWARDED"),
    ]
    assert by_id(result)["E2"]["params"] == {"organisation": "ORG-A", "cap": 1}
    assert by_id(result)["E2"]["explanation"]["en"] == (
        "Organisation ORG-A has already reached its maximum of 1 award."
    )


def test_allocate_call_cap_skips_entries_of_full_call():
    entries = [
        entry("E1", 90, call="P01"),
        entry("E2", 88, call="P01"),
        entry("E3", 86, call="P02"),
    ]

    result = simulate(tiered_policy(max_awards_per_call=1), entries)

    assert [d["reason"] for d in result["decisions"]] == [
        "AWARDED",
        "CALL_CAP_REACHED",
        "AWARDED",
    ]
    assert by_id(result)["E2"]["params"] == {"call": "P01", "cap": 1}


def test_allocate_no_free_slot_is_tiers_full():
    policy = tiered_policy(tiers=[{"key": "only", "count": 1, "amount": 10 * M}])

    result = simulate(policy, [entry("E1", 90), entry("E2", 80)])

    assert [d["reason"] for d in result["decisions"]] == ["AWARDED", "TIERS_FULL"]


def test_allocate_free_tier_above_score_is_below_tier_floor():
    policy = tiered_policy(tiers=[{"key": "gold", "count": 1, "amount": 10 * M, "min_score": 95}])

    result = simulate(policy, [entry("E1", 90)])

    decision = by_id(result)["E1"]
    assert (decision["rank"], decision["reason"]) == (1, "BELOW_TIER_FLOOR")
    assert decision["params"] == {"free_tiers": ["gold"]}


def test_allocate_skip_continue_takes_a_cheaper_tier_that_fits():
    policy = tiered_policy(
        budget=40 * M,
        tiers=[
            {"key": "first", "count": 1, "amount": 30 * M, "min_score": 85},
            {"key": "second", "count": 2, "amount": 20 * M, "min_score": 70},
            {"key": "third", "count": 5, "amount": 5 * M},
        ],
    )

    result = simulate(policy, [entry("E1", 90), entry("E2", 80), entry("E3", 75)])

    assert [(d["tier"], d["amount"]) for d in result["decisions"]] == [
        ("first", 30 * M),
        ("third", 5 * M),
        ("third", 5 * M),
    ]


def test_allocate_funding_skip_continue_tries_next_entry():
    policy = tiered_policy(mode="funding", tiers=[], budget=100 * M)
    entries = [
        entry("E1", 90, requested_amount=60 * M),
        entry("E2", 80, requested_amount=50 * M),
        entry("E3", 70, requested_amount=30 * M),
    ]

    result = simulate(policy, entries)

    assert [(d["reason"], d["amount"]) for d in result["decisions"]] == [
        ("AWARDED", 60 * M),
        ("BUDGET_EXHAUSTED", 0),
        ("AWARDED", 30 * M),
    ]
    assert result["spent"] == 90 * M


def test_allocate_funding_stop_marks_everything_after_exhaustion_stopped():
    policy = tiered_policy(mode="funding", tiers=[], budget=100 * M, no_fit="stop")
    entries = [
        entry("E1", 90, requested_amount=60 * M),
        entry("E2", 80, requested_amount=50 * M),
        entry("E3", 70, requested_amount=30 * M),
        entry("E4", 60, requested_amount=10 * M),
    ]

    result = simulate(policy, entries)

    assert [d["reason"] for d in result["decisions"]] == [
        "AWARDED",
        "BUDGET_EXHAUSTED",
        "BUDGET_STOPPED",
        "BUDGET_STOPPED",
    ]
    assert result["spent"] == 60 * M
    assert by_id(result)["E3"]["explanation"]["vi"] == (
        "Việc xét giải đã dừng vì ngân sách không đủ cho một hồ sơ xếp hạng cao hơn."
    )


def test_allocate_tiered_stop_after_budget_exhausted():
    policy = tiered_policy(budget=32 * M, no_fit="stop")

    result = simulate(policy, [entry("E1", 90), entry("E2", 80), entry("E3", 70)])

    assert [d["reason"] for d in result["decisions"]] == [
        "AWARDED",
        "BUDGET_EXHAUSTED",
        "BUDGET_STOPPED",
    ]


def test_allocate_funding_caps_by_call_ceiling_and_rounds_down():
    policy = tiered_policy(mode="funding", tiers=[], budget=100 * M, call_ceilings={"P02": 10 * M})
    entries = [
        entry("E1", 90, requested_amount=12_345_678, call="P01"),
        entry("E2", 80, requested_amount=45 * M, call="P02"),
    ]

    result = simulate(policy, entries)

    assert [(d["amount"], d["tier"]) for d in result["decisions"]] == [
        (12_300_000, None),
        (10 * M, None),
    ]
    assert by_id(result)["E2"]["params"] == {"requested": 45 * M, "ceiling": 10 * M}
    assert by_id(result)["E2"]["explanation"]["en"] == (
        "Funded VND 10,000,000 (requested VND 45,000,000, ceiling VND 10,000,000) "
        "with score 80.0000, rank 2."
    )
    assert result["spent"] == 22_300_000


# --------------------------------------------------------------------------- slot transfer


def cascade_policy(rule: str) -> dict[str, Any]:
    return tiered_policy(
        unfilled_tier=rule,
        tiers=[
            {"key": "first", "count": 1, "amount": 30 * M, "min_score": 95},
            {"key": "second", "count": 2, "amount": 20 * M, "min_score": 90},
            {"key": "third", "count": 3, "amount": 10 * M, "min_score": 70},
        ],
    )


def test_allocate_transfer_slots_down_cascades_through_unreached_tiers():
    entries = [entry(f"E{i}", s) for i, s in enumerate((85, 84, 83, 82, 72), start=1)]

    result = simulate(cascade_policy("transfer_slots_down"), entries)

    assert [(d["tier"], d["amount"]) for d in result["decisions"]] == [("third", 10 * M)] * 5
    assert result["transfers"] == [
        {"from": "first", "to": "second", "slots": 1},
        {"from": "second", "to": "third", "slots": 3},
    ]
    assert result["tiers"][2] == {
        "key": "third",
        "count": 3,
        "slots": 6,
        "awarded": 5,
        "amount": 10 * M,
    }
    assert result["spent"] == 50 * M


def test_allocate_leave_unspent_keeps_unreached_slots_empty():
    entries = [entry(f"E{i}", s) for i, s in enumerate((85, 84, 83, 82, 72), start=1)]

    result = simulate(cascade_policy("leave_unspent"), entries)

    assert [d["reason"] for d in result["decisions"]] == ["AWARDED"] * 3 + ["TIERS_FULL"] * 2
    assert result["transfers"] == []
    assert result["spent"] == 30 * M


def test_allocate_transfer_stops_at_reached_tier():
    entries = [entry("E1", 84), entry("E2", 80), entry("E3", 78), entry("E4", 70)]

    result = simulate(tiered_policy(unfilled_tier="transfer_slots_down"), entries)

    assert [d["tier"] for d in result["decisions"]] == ["second", "second", "second", "third"]
    assert result["transfers"] == [{"from": "first", "to": "second", "slots": 1}]


# --------------------------------------------------------------------------- ties


def two_slot_policy(**overrides: Any) -> dict[str, Any]:
    return tiered_policy(
        tiers=[
            {
                "key": "first",
                "name": "Giải Nhất",
                "name_en": "First prize",
                "count": 1,
                "amount": 30 * M,
            },
            {
                "key": "second",
                "name": "Giải Nhì",
                "name_en": "Second prize",
                "count": 1,
                "amount": 20 * M,
            },
        ],
        **overrides,
    )


def test_allocate_tie_keys_break_a_tie():
    entries = [entry("E1", 80, novelty=20), entry("E2", 80, novelty=30)]

    result = simulate(two_slot_policy(tie_keys=["novelty"]), entries)

    assert outcome(result) == [
        ("E2", 1, "80.0000", "first", 30 * M, "AWARDED"),
        ("E1", 2, "80.0000", "second", 20 * M, "AWARDED"),
    ]
    assert result["status"] == "final"


def test_allocate_committee_tie_waits_for_order():
    entries = [entry("E1", 80), entry("E2", 80), entry("E3", 70)]

    result = simulate(two_slot_policy(tie_fallback="committee"), entries)

    assert result["status"] == "needs_tiebreak"
    assert outcome(result)[:2] == [
        ("E1", 1, "80.0000", None, 0, "NEEDS_TIEBREAK"),
        ("E2", 1, "80.0000", None, 0, "NEEDS_TIEBREAK"),
    ]
    assert by_id(result)["E1"]["params"] == {"tied_with": ["E2"]}
    assert by_id(result)["E1"]["explanation"]["en"] == (
        "Tied at rank 1 with E2 and the order changes the outcome, "
        "so the committee must record an order."
    )
    assert by_id(result)["E3"]["rank"] == 3
    assert result["spent"] == 0


def test_allocate_committee_order_resolves_tie():
    entries = [entry("E1", 80), entry("E2", 80)]

    result = simulate(two_slot_policy(committee_order=["E2", "E1"]), entries)

    assert result["status"] == "final"
    assert outcome(result) == [
        ("E2", 1, "80.0000", "first", 30 * M, "AWARDED"),
        ("E1", 2, "80.0000", "second", 20 * M, "AWARDED"),
    ]


def test_allocate_tie_with_same_outcome_needs_no_tiebreak():
    entries = [entry("E1", 90), entry("E2", 70), entry("E3", 70)]

    result = simulate(tiered_policy(), entries)

    assert result["status"] == "final"
    assert outcome(result) == [
        ("E1", 1, "90.0000", "first", 30 * M, "AWARDED"),
        ("E2", 2, "70.0000", "third", 10 * M, "AWARDED"),
        ("E3", 2, "70.0000", "third", 10 * M, "AWARDED"),
    ]


def test_allocate_share_pools_and_splits_tied_amounts():
    entries = [entry("E1", 80), entry("E2", 80), entry("E3", 70)]

    result = simulate(two_slot_policy(tie_fallback="share"), entries)

    assert result["status"] == "final"
    assert outcome(result) == [
        ("E1", 1, "80.0000", "first", 25 * M, "AWARDED"),
        ("E2", 1, "80.0000", "first", 25 * M, "AWARDED"),
        ("E3", 3, "70.0000", None, 0, "TIERS_FULL"),
    ]
    assert by_id(result)["E1"]["params"] == {
        "shared_with": ["E2"],
        "pool": 50 * M,
        "slots": ["first", "second"],
    }
    assert by_id(result)["E1"]["explanation"] == {
        "vi": "Đồng Giải Nhất với E2 (đồng hạng 1), chia đều tổng 50.000.000 ₫ nên nhận 25.000.000 ₫.",
        "en": "Shares First prize with E2 (tied at rank 1): VND 50,000,000 split equally, VND 25,000,000 each.",
    }


def test_allocate_share_rounds_down_to_unit_and_leaves_remainder_unspent():
    policy = tiered_policy(
        tie_fallback="share",
        tiers=[{"key": "only", "count": 1, "amount": 10 * M}],
    )
    entries = [entry("E1", 80), entry("E2", 80), entry("E3", 80)]

    result = simulate(policy, entries)

    assert [(d["amount"], d["tier"]) for d in result["decisions"]] == [(3_300_000, "only")] * 3
    assert result["spent"] == 9_900_000
    assert result["unspent"] == 90_100_000


def test_allocate_share_too_small_for_unit_falls_back_to_committee():
    policy = tiered_policy(
        tie_fallback="share",
        rounding_unit=1 * M,
        tiers=[{"key": "only", "count": 1, "amount": 2 * M}],
    )
    entries = [entry("E1", 80), entry("E2", 80), entry("E3", 80)]

    result = simulate(policy, entries)

    assert result["status"] == "needs_tiebreak"
    assert [d["reason"] for d in result["decisions"]] == ["NEEDS_TIEBREAK"] * 3


def test_allocate_share_respects_org_cap_inside_the_group():
    policy = two_slot_policy(tie_fallback="share", max_awards_per_organisation=1)
    entries = [
        entry("E1", 80, organisation="ORG-A"),
        entry("E2", 80, organisation="ORG-A"),
        entry("E3", 80, organisation="ORG-B"),
    ]

    result = simulate(policy, entries)

    assert outcome(result) == [
        ("E1", 1, "80.0000", "first", 25 * M, "AWARDED"),
        ("E2", 1, "80.0000", None, 0, "ORG_CAP_REACHED"),
        ("E3", 1, "80.0000", "first", 25 * M, "AWARDED"),
    ]


def test_allocate_funding_share_never_exceeds_own_request():
    policy = tiered_policy(mode="funding", tiers=[], budget=70 * M, tie_fallback="share")
    entries = [
        entry("E1", 80, requested_amount=60 * M),
        entry("E2", 80, requested_amount=20 * M),
    ]

    result = simulate(policy, entries)

    # id order: E1 takes 60M, E2 (20M) does not fit; pooled 60M → 30M each, E2 capped at 20M
    assert [(d["id"], d["amount"]) for d in result["decisions"]] == [
        ("E1", 30 * M),
        ("E2", 20 * M),
    ]
    assert result["spent"] == 50 * M


def test_allocate_seeded_lottery_orders_tie_by_stored_seed():
    policy_data = two_slot_policy(tie_fallback="seeded_lottery")
    entries_data = [entry("E1", 80), entry("E2", 80), entry("E3", 80)]
    policy = parse_policy(policy_data)
    entries = parse_entries(entries_data)
    seed = lottery_seed(policy, entries)
    expected = sorted(
        ["E1", "E2", "E3"], key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
    )

    result = allocate(policy, entries).to_dict()

    assert result["status"] == "final"
    assert result["lottery_seed"] == seed
    assert [d["id"] for d in result["decisions"]] == expected
    assert [(d["rank"], d["tier"], d["reason"]) for d in result["decisions"]] == [
        (1, "first", "AWARDED"),
        (2, "second", "AWARDED"),
        (3, None, "TIERS_FULL"),
    ]
    # Each member names the ranks the drawn group took (first and last), not the ids of
    # every other member: a group of g entries would otherwise write g² ids.
    assert [d["params"] for d in result["decisions"]] == [{"lottery_ranks": [1, 3]}] * 3


def test_allocate_seeded_lottery_ignores_input_order():
    policy = two_slot_policy(tie_fallback="seeded_lottery")
    entries = [entry("E1", 80), entry("E2", 80), entry("E3", 80)]

    forward = simulate(policy, entries)
    backward = simulate(policy, list(reversed(entries)))

    assert forward == backward


@pytest.mark.parametrize("fallback", ["seeded_lottery", "committee"])
def test_allocate_tie_after_the_prizes_run_out_keeps_each_members_cap_and_flag(fallback):
    """Once no member of a tie can win, the whole group is decided at once; a member whose
    organisation has had its award is still told so, and a flagged member keeps its flag."""
    wide = entry("T2", 80, organisation="ORG-C")
    wide["reviews"][0]["scores"]["impact"] = "60"
    wide["reviews"][1]["scores"]["impact"] = "100"
    entries_data = [
        entry("W1", 95, organisation="ORG-A"),
        entry("W2", 90, organisation="ORG-B"),
        entry("T1", 80, organisation="ORG-A"),
        wide,
        entry("T3", 80, organisation="ORG-D"),
    ]
    policy_data = two_slot_policy(
        tie_fallback=fallback, max_awards_per_organisation=1, disagreement_spread=15
    )

    result = simulate(policy_data, entries_data)

    assert result["status"] == "final"
    decisions = by_id(result)
    assert [decisions[i]["reason"] for i in ("W1", "W2")] == ["AWARDED", "AWARDED"]
    tied = ["T1", "T2", "T3"]
    extra: dict[str, Any] = {}
    if fallback == "seeded_lottery":
        seed = result["lottery_seed"]
        drawn = sorted(tied, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
        assert [decisions[i]["rank"] for i in drawn] == [3, 4, 5]
        assert [d["id"] for d in result["decisions"][2:5]] == drawn
        extra = {"lottery_ranks": [3, 5]}
    else:
        assert [decisions[i]["rank"] for i in tied] == [3, 3, 3]
    assert decisions["T1"]["reason"] == "ORG_CAP_REACHED"
    assert decisions["T1"]["params"] == {"organisation": "ORG-A", "cap": 1, **extra}
    assert decisions["T2"]["reason"] == "TIERS_FULL"
    assert decisions["T2"]["params"] == {"disagreement": True, "spread": "40.0000", **extra}
    assert (decisions["T3"]["reason"], decisions["T3"]["params"]) == ("TIERS_FULL", extra)
    assert decisions["T2"]["explanation"] == decisions["T3"]["explanation"]


def test_allocate_each_explanation_names_its_own_score():
    """Entries below every tier floor share one walk outcome, but each sentence names the
    entry's own score; a sentence that names no score is the same for every score."""
    policy = tiered_policy(budget=30 * M)
    entries_data = [
        entry("E1", 90),
        entry("E2", 88),
        entry("E3", 80),
        entry("E4", 49),
        entry("E5", 48),
    ]
    policy["tiers"][0]["count"] = 2

    decisions = by_id(simulate(policy, entries_data))

    assert [decisions[i]["reason"] for i in ("E1", "E2", "E3")] == [
        "AWARDED",
        "BUDGET_EXHAUSTED",
        "BUDGET_EXHAUSTED",
    ]
    assert decisions["E2"]["explanation"] == decisions["E3"]["explanation"]
    assert "88" not in decisions["E2"]["explanation"]["en"]
    assert decisions["E4"]["explanation"]["en"].startswith("Score 49.0000 is below")
    assert decisions["E5"]["explanation"]["en"].startswith("Score 48.0000 is below")

    floors = tiered_policy(budget=500 * M)
    floors["tiers"] = floors["tiers"][:1]
    below = by_id(simulate(floors, [entry("F1", 70), entry("F2", 71), entry("F3", 71.5)]))
    assert {d["reason"] for d in below.values()} == {"BELOW_TIER_FLOOR"}
    assert [below[i]["explanation"]["en"][:13] for i in ("F1", "F2", "F3")] == [
        "Score 70.0000",
        "Score 71.0000",
        "Score 71.5000",
    ]
    assert below["F3"]["explanation"]["vi"].startswith("Điểm 71,5000 ")


def test_sentences_cached_without_the_score_never_name_it():
    """The sentence cache leaves the score out of its key for every reason outside
    ``_Sentences.SCORED``: those sentences must read the same at any score."""
    policy = parse_policy(tiered_policy())
    params = {
        "reviews": 1,
        "min_reviews": 3,
        "spread": "20.0000",
        "limit": "15.0000",
        "criterion": "impact",
        "criterion_score": "10.0000",
        "min": "50.0000",
        "organisation": "ORG-A",
        "call": "P01",
        "cap": 1,
        "remaining": 5 * M,
        "needed": 10 * M,
        "tier": "third",
        "free_tiers": ["third"],
    }
    for reason in _Sentences.KEYED:
        said = [
            _explain(
                reason,
                params,
                rank=None,
                score=Decimal(score),
                tier=None,
                policy=policy,
                tiers_by_key={t.key: t for t in policy.tiers},
            )
            for score in ("61.2500", "73.7500")
        ]
        assert (said[0] != said[1]) == (reason in _Sentences.SCORED), reason


# --------------------------------------------------------------------------- output and hashes


def test_allocate_result_hash_covers_result_and_ignores_order():
    policy, entries = load_example()

    forward = simulate(policy, entries)
    backward = simulate(policy, list(reversed(entries)))
    other_budget = simulate({**policy, "budget": 80 * M}, entries)

    assert forward == backward
    assert len(forward["result_hash"]) == 64
    assert other_budget["input_hash"] != forward["input_hash"]
    assert other_budget["result_hash"] != forward["result_hash"]


def test_allocate_input_hash_ignores_defaults_and_decimal_spelling():
    policy, entries = load_example()
    spelled = copy.deepcopy(policy)
    spelled["overall_min"] = "50.00"
    spelled["tie_fallback"] = "committee"
    spelled["min_reviews"] = 3

    assert simulate(spelled, entries)["input_hash"] == simulate(policy, entries)["input_hash"]


def test_allocate_unranked_decisions_come_last_by_id():
    entries = [
        entry("Z1", 90, eligible=False),
        entry("A1", 40),
        entry("M1", 70),
        entry("B1", 90, reviews=1),
    ]

    result = simulate(tiered_policy(), entries)

    assert [d["id"] for d in result["decisions"]] == ["M1", "A1", "B1", "Z1"]


# --------------------------------------------------------------------------- input validation


def test_parse_policy_fills_documented_defaults():
    policy = parse_policy(
        {
            "budget": 10,
            "mode": "tiered",
            "tiers": [{"key": "t", "count": 1, "amount": 5}],
            "criteria": [{"key": "c", "weight": "1.5", "max": 10}],
        }
    )

    assert policy.rounding_unit == 1
    assert policy.tiers[0].min_score is None
    assert policy.tiers[0].name == "t"
    assert policy.criteria[0].min is None
    assert policy.criteria[0].weight == Decimal("1.5")
    assert policy.aggregation == "mean"
    assert policy.trim == 1
    assert policy.min_judge_sample == 5
    assert policy.min_reviews == 3
    assert policy.overall_min is None
    assert policy.disagreement_spread is None
    assert policy.block_on_disagreement is False
    assert policy.max_awards_per_organisation is None
    assert policy.max_awards_per_call is None
    assert policy.no_fit == "skip_continue"
    assert policy.unfilled_tier == "leave_unspent"
    assert policy.tie_keys == ()
    assert policy.tie_fallback == "committee"
    assert policy.committee_order == ()
    assert policy.mode is Mode.TIERED


def test_parse_policy_accepts_decimals_as_strings_and_numbers():
    data = tiered_policy(overall_min="50.5")
    data["tiers"][0]["min_score"] = 85.25

    policy = parse_policy(data)

    assert policy.overall_min == Decimal("50.5")
    assert policy.tiers[0].min_score == Decimal("85.25")


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = tiered_policy()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tiers", 0, "amount"), 30_000_000.5, "tiers[0].amount: must be a positive integer"),
        (("tiers", 0, "amount"), 30_000_000.0, "tiers[0].amount: must be a positive integer"),
        (("tiers", 0, "amount"), True, "tiers[0].amount: must be a positive integer"),
        (("tiers", 0, "amount"), 0, "tiers[0].amount: must be a positive integer"),
        (
            ("tiers", 0, "amount"),
            30_050_000,
            "tiers[0].amount: must be a multiple of rounding_unit (100000)",
        ),
        (
            ("tiers", 1, "amount"),
            40 * M,
            "tiers[1].amount: must not be greater than the tier above",
        ),
        (
            ("tiers", 2, "min_score"),
            90,
            "tiers[2].min_score: must not be greater than the tier above",
        ),
        (("tiers", 1, "count"), 0, "tiers[1].count: must be a positive integer"),
        (("tiers", 1, "key"), "first", "tiers[1].key: duplicate tier 'first'"),
        (("tiers", 0, "min_score"), "high", "tiers[0].min_score: must be a number"),
        (("tiers", 0, "colour"), "gold", "tiers[0].colour: unknown field"),
        (("tiers",), DELETE, "tiers: is required in tiered mode"),
        (("tiers",), [], "tiers: must list at least one tier in tiered mode"),
        (("budget",), DELETE, "budget: is required"),
        (("budget",), "100", "budget: must be an integer"),
        (("budget",), -1, "budget: must be a non-negative integer"),
        (("rounding_unit",), 0, "rounding_unit: must be a positive integer"),
        (("mode",), "lottery", "mode: must be one of tiered, funding"),
        (("criteria",), [], "criteria: must list at least one criterion"),
        (("criteria", 0, "weight"), "abc", "criteria[0].weight: must be a number"),
        (("criteria", 0, "weight"), 0, "criteria[0].weight: must be greater than 0"),
        (("criteria", 0, "max"), DELETE, "criteria[0].max: is required"),
        (("criteria", 0, "min"), 101, "criteria[0].min: must not exceed max"),
        (("criteria", 1, "key"), "impact", "criteria[1].key: duplicate criterion 'impact'"),
        (("overall_min",), "NaN", "overall_min: must be a finite number"),
        (("overall_min",), -5, "overall_min: must not be negative"),
        (
            ("aggregation",),
            "mode",
            "aggregation: must be one of mean, median, trimmed_mean, zscore",
        ),
        (("no_fit",), "continue", "no_fit: must be one of skip_continue, stop"),
        (("tie_keys",), ["nope"], "tie_keys[0]: unknown criterion 'nope'"),
        (
            ("tie_fallback",),
            "coin",
            "tie_fallback: must be one of committee, share, seeded_lottery",
        ),
        (("block_on_disagreement",), "yes", "block_on_disagreement: must be true or false"),
        (("max_awards_per_call",), 0, "max_awards_per_call: must be a positive integer"),
        (("overal_min",), 50, "overal_min: unknown field"),
        (
            ("call_ceilings",),
            {"P01": 150_000},
            "call_ceilings.P01: must be a multiple of rounding_unit (100000)",
        ),
    ],
)
def test_parse_policy_names_the_offending_field(path, value, message):
    with pytest.raises(PolicyInputError) as error:
        parse_policy(with_change(path, value))

    assert str(error.value) == message


def test_parse_policy_rejects_non_object():
    with pytest.raises(PolicyInputError, match=r"^policy: must be an object$"):
        parse_policy([])


def test_parse_policy_rejects_tiers_in_funding_mode():
    with pytest.raises(PolicyInputError, match=r"^tiers: must be empty in funding mode$"):
        parse_policy(tiered_policy(mode="funding"))


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"id": "E1"}, "entries: must be a list"),
        ([{"organisation": "A"}], "entries[0].id: is required"),
        ([{"id": "E1"}, {"id": "E1"}], "entries[1].id: duplicate entry 'E1'"),
        ([{"id": "E1", "eligible": "yes"}], "entries[0].eligible: must be true or false"),
        (
            [{"id": "E1", "requested_amount": 1.5}],
            "entries[0].requested_amount: must be an integer",
        ),
        ([{"id": "E1", "reviews": {}}], "entries[0].reviews: must be a list"),
        (
            [{"id": "E1", "reviews": [{"judge": "J1", "scores": {"impact": "x"}}]}],
            "entries[0].reviews[0].scores.impact: must be a number",
        ),
        (
            [
                {
                    "id": "E1",
                    "reviews": [{"judge": "J1", "scores": {}}, {"judge": "J1", "scores": {}}],
                }
            ],
            "entries[0].reviews[1].judge: duplicate judge 'J1'",
        ),
        ([{"id": "E1", "reviews": [{"judge": "J1"}]}], "entries[0].reviews[0].scores: is required"),
        ([{"id": "E1", "stars": 5}], "entries[0].stars: unknown field"),
    ],
)
def test_parse_entries_names_the_offending_field(entries, message):
    with pytest.raises(PolicyInputError) as error:
        parse_entries(entries)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"impact": 50}, "entries[0].reviews[0].scores.novelty: is required"),
        (
            {"impact": 50, "novelty": 1, "style": 2},
            "entries[0].reviews[0].scores.style: unknown criterion",
        ),
        (
            {"impact": 101, "novelty": 1},
            "entries[0].reviews[0].scores.impact: must not exceed the criterion max (100)",
        ),
    ],
)
def test_simulate_checks_scores_against_criteria(scores, message):
    entries = [{"id": "E1", "reviews": [{"judge": "J1", "scores": scores}]}]

    with pytest.raises(PolicyInputError) as error:
        simulate(tiered_policy(), entries)

    assert str(error.value) == message


def test_simulate_rejects_unknown_committee_entry():
    with pytest.raises(PolicyInputError, match=r"^committee_order\[0\]: unknown entry 'E9'$"):
        simulate(tiered_policy(committee_order=["E9"]), [entry("E1", 80)])


def test_simulate_rejects_funding_request_below_unit():
    policy = tiered_policy(mode="funding", tiers=[])
    with pytest.raises(
        PolicyInputError,
        match=r"^entries\[0\]\.requested_amount: must be at least rounding_unit \(100000\) in funding mode$",
    ):
        simulate(policy, [entry("E1", 80, requested_amount=0)])


# --------------------------------------------------------------------------- properties

UNIT = 100_000


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    mode = draw(st.sampled_from(["tiered", "funding"]))
    tiers = []
    amount_units = draw(st.integers(5, 40))
    min_score = draw(st.one_of(st.none(), st.integers(8, 20)))
    for index in range(draw(st.integers(1, 4))):
        tiers.append(
            {
                "key": f"t{index}",
                "count": draw(st.integers(1, 3)),
                "amount": amount_units * UNIT,
                "min_score": min_score,
            }
        )
        amount_units = draw(st.integers(1, amount_units))
        if min_score is not None:
            min_score = draw(st.one_of(st.none(), st.integers(0, min_score)))
    policy = {
        "budget": draw(st.integers(0, 120)) * UNIT + draw(st.integers(0, UNIT - 1)),
        "rounding_unit": UNIT,
        "mode": mode,
        "tiers": tiers if mode == "tiered" else [],
        "criteria": [
            {
                "key": "impact",
                "weight": draw(st.sampled_from([1, 2, "1.5"])),
                "max": 10,
                "min": draw(st.one_of(st.none(), st.integers(0, 6))),
            },
            {"key": "novelty", "weight": 1, "max": 10},
        ],
        "aggregation": draw(st.sampled_from(["mean", "median", "trimmed_mean", "zscore"])),
        "min_judge_sample": draw(st.integers(1, 4)),
        "min_reviews": draw(st.integers(1, 3)),
        "overall_min": draw(st.one_of(st.none(), st.integers(0, 12))),
        "disagreement_spread": draw(st.one_of(st.none(), st.integers(0, 10))),
        "block_on_disagreement": draw(st.booleans()),
        "max_awards_per_organisation": draw(st.one_of(st.none(), st.integers(1, 2))),
        "max_awards_per_call": draw(st.one_of(st.none(), st.integers(1, 3))),
        "no_fit": draw(st.sampled_from(["skip_continue", "stop"])),
        "unfilled_tier": draw(st.sampled_from(["leave_unspent", "transfer_slots_down"])),
        "tie_keys": draw(st.sampled_from([[], ["novelty"]])),
        "tie_fallback": draw(st.sampled_from(["committee", "share", "seeded_lottery"])),
        "call_ceilings": draw(st.sampled_from([{}, {"P1": 10 * UNIT}])),
    }
    entries = []
    panels = [["J1", "J2", "J3"], ["J2", "J3", "J4"], ["J1", "J2", "J3", "J4"], ["J1", "J4"], []]
    for index in range(draw(st.integers(0, 10))):
        judges = draw(st.sampled_from(panels))
        base = {
            "impact": draw(st.sampled_from([5, 6, 8, 10])),
            "novelty": draw(st.sampled_from([5, 6])),
        }
        agreed = draw(st.booleans())
        entries.append(
            {
                "id": f"E{index:02d}",
                "organisation": draw(st.sampled_from([None, "A", "B", "C"])),
                "call": draw(st.sampled_from([None, "P1", "P2"])),
                "eligible": draw(st.sampled_from([True, True, True, False])),
                "requested_amount": draw(st.integers(1, 50)) * UNIT
                + draw(st.sampled_from([0, 1, 99_999])),
                "reviews": [
                    {
                        "judge": judge,
                        "scores": base
                        if agreed
                        else {
                            "impact": draw(st.integers(3, 10)),
                            "novelty": draw(st.integers(4, 6)),
                        },
                    }
                    for judge in judges
                ],
            }
        )
    return policy, entries


PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def run(scenario: tuple[dict[str, Any], list[dict[str, Any]]]):
    policy_data, entries_data = scenario
    policy = parse_policy(policy_data)
    entries = parse_entries(entries_data)
    return policy, entries, allocate(policy, entries)


def awarded(result) -> list[Any]:
    return [d for d in result.decisions if d.reason is Reason.AWARDED]


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_awarded_total_never_exceeds_budget(scenario):
    policy, _, result = run(scenario)

    assert result.spent == sum(d.amount for d in result.decisions)
    assert result.spent <= policy.budget
    assert result.unspent == policy.budget - result.spent


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_exactly_one_decision_per_entry(scenario):
    _, entries, result = run(scenario)

    assert sorted(d.id for d in result.decisions) == sorted(e.id for e in entries)


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_every_award_meets_reviews_thresholds_and_floor(scenario):
    policy, entries, result = run(scenario)
    aggregates = aggregate_pool(
        [EntryReviews(e.id, e.reviews) for e in entries if e.eligible],
        policy.criteria,
        method=policy.aggregation,
        trim=policy.trim,
        min_judge_sample=policy.min_judge_sample,
    )
    tiers = {t.key: t for t in policy.tiers}
    eligible = {e.id for e in entries if e.eligible}

    for decision in awarded(result):
        aggregate = aggregates[decision.id]
        assert decision.id in eligible
        assert aggregate.review_count >= policy.min_reviews
        assert decision.score == aggregate.score
        if policy.overall_min is not None:
            assert decision.score >= policy.overall_min
        for criterion in policy.criteria:
            if criterion.min is not None:
                assert aggregate.criterion_scores[criterion.key] >= criterion.min
        if policy.disagreement_spread is not None and policy.block_on_disagreement:
            assert aggregate.spread <= policy.disagreement_spread
        if decision.tier is not None:
            floor = tiers[decision.tier].min_score
            assert floor is None or decision.score >= floor


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_better_ranked_winner_never_gets_lower_tier(scenario):
    policy, _, result = run(scenario)
    order = {t.key: i for i, t in enumerate(policy.tiers)}
    winners = [d for d in awarded(result) if d.tier is not None]

    for better in winners:
        for worse in winners:
            if better.rank < worse.rank:
                assert order[better.tier] <= order[worse.tier]


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_tier_counts_and_caps_never_exceeded(scenario):
    policy, entries, result = run(scenario)
    by_entry = {e.id: e for e in entries}
    slots_used: Counter[str] = Counter()
    shared_groups: set[frozenset[str]] = set()
    for decision in awarded(result):
        if "shared_with" in decision.params:
            group = frozenset([decision.id, *decision.params["shared_with"]])
            if group not in shared_groups:
                shared_groups.add(group)
                slots_used.update(decision.params["slots"])
        elif decision.tier is not None:
            slots_used[decision.tier] += 1

    for outcome_ in result.tiers:
        assert slots_used[outcome_.key] == outcome_.awarded
        assert outcome_.awarded <= outcome_.slots
    assert sum(t.slots for t in result.tiers) <= sum(t.count for t in policy.tiers)
    orgs = Counter(by_entry[d.id].organisation for d in awarded(result))
    calls = Counter(by_entry[d.id].call for d in awarded(result))
    if policy.max_awards_per_organisation is not None:
        assert all(n <= policy.max_awards_per_organisation for o, n in orgs.items() if o)
    if policy.max_awards_per_call is not None:
        assert all(n <= policy.max_awards_per_call for c, n in calls.items() if c)


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_amounts_are_positive_multiples_of_unit(scenario):
    policy, entries, result = run(scenario)
    by_entry = {e.id: e for e in entries}

    for decision in result.decisions:
        assert decision.amount % policy.rounding_unit == 0
        if decision.reason is Reason.AWARDED:
            assert decision.amount > 0
            if policy.mode is Mode.FUNDING:
                assert decision.amount <= by_entry[decision.id].requested_amount
                ceiling = policy.call_ceilings.get(by_entry[decision.id].call or "")
                assert ceiling is None or decision.amount <= ceiling
        else:
            assert decision.amount == 0


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_property_same_result_hash_for_any_input_order(scenario, rng):
    policy_data, entries_data = scenario
    shuffled = copy.deepcopy(entries_data)
    rng.shuffle(shuffled)
    for item in shuffled:
        rng.shuffle(item["reviews"])

    first = simulate(policy_data, entries_data)
    second = simulate(policy_data, shuffled)

    assert second["input_hash"] == first["input_hash"]
    assert second["result_hash"] == first["result_hash"]
    assert second == first


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_status_matches_waiting_decisions(scenario):
    _, _, result = run(scenario)
    reasons = {d.reason for d in result.decisions}

    if Reason.NEEDS_CONSENSUS in reasons:
        assert result.status is RunStatus.NEEDS_CONSENSUS
    elif Reason.NEEDS_TIEBREAK in reasons:
        assert result.status is RunStatus.NEEDS_TIEBREAK
    else:
        assert result.status is RunStatus.FINAL
    for decision in result.decisions:
        assert decision.explanation_vi.endswith(".")
        assert decision.explanation_en.endswith(".")
