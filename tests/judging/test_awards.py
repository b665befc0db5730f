"""Award policies, runs, four-eyes approval and the budget ledger, from the database."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from judging import allocation, awards
from judging.actions import ActionRefused
from judging.models import AllocationDecision, AllocationRun, Award, BudgetLedger
from tests.judging.award_support import (
    WORKED_SCORES,
    WORKED_TIERS,
    add_entry,
    judged_call,
    make_policy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the Vietnamese catalogue may translate them."""
    with translation.override("en"):
        yield


@pytest.fixture
def judged(site):
    judged = judged_call(site)
    for score in WORKED_SCORES:
        add_entry(judged, score)
    return judged


def tiers_ns(*specs):
    return [
        SimpleNamespace(key=k, name_vi=k, name_en=k, count=c, amount=a, min_score=m)
        for k, c, a, m in specs
    ]


def test_policy_to_dict_builds_the_design_json_with_rubric_criteria(judged):
    policy = make_policy(judged.call, tie_keys="feasibility, novelty")
    data = awards.policy_to_dict(policy)
    assert data["budget"] == 100_000_000
    assert data["rounding_unit"] == 100_000
    assert [t["key"] for t in data["tiers"]] == ["first", "second", "third", "consolation"]
    assert data["tiers"][0] == {
        "key": "first",
        "name": "Giải Nhất",
        "name_en": "First prize",
        "count": 1,
        "amount": 30_000_000,
        "min_score": "85.0000",
    }
    assert [c["key"] for c in data["criteria"]] == ["novelty", "feasibility", "impact"]
    assert data["tie_keys"] == ["feasibility", "novelty"]
    parsed = allocation.parse_policy(data)
    assert parsed.overall_min == Decimal("50")


def test_policy_problems_refuses_amounts_off_the_unit_and_rising_tiers(judged):
    policy = make_policy(judged.call, tiers=[])
    error, _ = awards.policy_problems(
        policy, tiers_ns(("a", 1, 30_050_000, None)), [judged.call.pk]
    )
    assert error and error.path == "tiers[0].amount"
    error, _ = awards.policy_problems(
        policy, tiers_ns(("a", 1, 10_000_000, None), ("b", 1, 20_000_000, None)), [judged.call.pk]
    )
    assert error and error.path == "tiers[1].amount"
    error, _ = awards.policy_problems(
        policy,
        tiers_ns(("a", 1, 20_000_000, Decimal(70)), ("b", 1, 10_000_000, Decimal(80))),
        [judged.call.pk],
    )
    assert error and error.path == "tiers[1].min_score"


def test_policy_problems_warns_about_structure_above_budget_and_budget_below_cheapest(judged):
    policy = make_policy(judged.call, tiers=[], budget=5_000_000)
    error, warnings = awards.policy_problems(
        policy, tiers_ns(("a", 2, 20_000_000, None), ("b", 1, 10_000_000, None)), [judged.call.pk]
    )
    assert error is None
    assert len(warnings) == 2
    assert "50,000,000" in warnings[0]
    assert "10,000,000" in warnings[1]


def test_allocation_start_stores_the_worked_example(judged):
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    assert run.status == "final"
    assert (run.spent, run.unspent) == (100_000_000, 0)
    rows = list(run.decisions.order_by("position"))
    assert [(d.tier_key, d.amount, d.reason) for d in rows] == [
        ("first", 30_000_000, "AWARDED"),
        ("second", 20_000_000, "AWARDED"),
        ("second", 20_000_000, "AWARDED"),
        ("third", 10_000_000, "AWARDED"),
        ("third", 10_000_000, "AWARDED"),
        ("third", 10_000_000, "AWARDED"),
        ("", 0, "BUDGET_EXHAUSTED"),
        ("", 0, "BUDGET_EXHAUSTED"),
        ("", 0, "BELOW_OVERALL_THRESHOLD"),
    ]
    assert rows[0].submission == judged.entries[0]
    assert rows[0].explanation_en and rows[0].explanation_vi


def test_stored_run_reruns_from_json_to_the_same_hashes(judged):
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    rerun = allocation.simulate(run.policy_json, run.entries_json)
    assert rerun["input_hash"] == run.input_hash
    assert rerun["result_hash"] == run.result_hash


def test_snapshot_leaves_out_drafts_voided_reviews_and_withdrawn_entries(judged):
    entry = judged.entries[0]
    review = entry.judging_assignments.first().review
    review.voided_at = review.submitted_at
    review.save()
    entries, ids = awards.entries_snapshot(make_policy(judged.call))
    by_id = {e["id"]: e for e in entries}
    assert len(by_id[entry.reference]["reviews"]) == 2
    assert ids[entry.reference] == entry.pk
    assert len(entries) == len(WORKED_SCORES)


def test_a_run_never_changes(judged):
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    run.spent = 1
    with pytest.raises(ValidationError):
        run.save()


def test_simulation_with_changed_budget_saves_nothing(judged):
    policy = make_policy(judged.call)
    result = awards.allocation_simulate(
        policy=policy, overrides={"budget": 80_000_000, "tiers": {"first": {"amount": 25_000_000}}}
    )
    assert result.spent <= 80_000_000
    assert result.decisions[0].amount == 25_000_000
    assert AllocationRun.objects.count() == 0


def test_simulation_with_bad_parameters_names_the_field(judged):
    with pytest.raises(ActionRefused, match=r"tiers\[0\]\.amount"):
        awards.allocation_simulate(
            policy=make_policy(judged.call), overrides={"tiers": {"first": {"amount": 123}}}
        )


def test_committee_order_is_recorded_as_a_new_run(site):
    judged = judged_call(site, "P06")
    first, second, third = (add_entry(judged, 80) for _ in range(3))
    policy = make_policy(
        judged.call, tiers=[("only", "Giải", "Prize", 1, 10_000_000, None)], budget=10_000_000
    )
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    assert run.status == "needs_tiebreak"
    with pytest.raises(ActionRefused):
        awards.allocation_approve(run=run, actor=judged.second_staff)
    order = [third.reference, first.reference, second.reference]
    new = awards.allocation_tiebreak(run=run, order=order, actor=judged.staff)
    assert new.status == "final"
    assert new.previous == run
    assert new.policy_json["committee_order"] == order
    winner = new.decisions.get(reason="AWARDED")
    assert winner.submission == third


# --- approval and the ledger ---------------------------------------------------------------


def test_the_starter_cannot_approve_their_own_run(judged):
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    with pytest.raises(ActionRefused, match="cannot approve"):
        awards.allocation_approve(run=run, actor=judged.staff)
    assert Award.objects.count() == 0


def test_a_judge_cannot_approve(judged):
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    with pytest.raises(ActionRefused):
        awards.allocation_approve(run=run, actor=judged.judges[0])


def test_second_staff_approves_creates_awards_and_commits_the_ledger(judged):
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    created = awards.allocation_approve(run=run, actor=judged.second_staff)
    assert len(created) == 6
    assert sorted(a.amount for a in Award.objects.filter(run=run)) == sorted(
        [30_000_000, 20_000_000, 20_000_000, 10_000_000, 10_000_000, 10_000_000]
    )
    ledger = BudgetLedger.objects.get(policy=policy)
    assert (ledger.budget, ledger.committed, ledger.paid, ledger.remaining) == (
        100_000_000,
        100_000_000,
        0,
        0,
    )
    run.refresh_from_db()
    assert run.approved_by == judged.second_staff
    with pytest.raises(ActionRefused, match="already approved"):
        awards.allocation_approve(run=run, actor=judged.second_staff)


def test_a_second_run_of_an_approved_policy_cannot_be_approved(judged):
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    other = awards.allocation_start(policy=policy, actor=judged.staff)
    with pytest.raises(ActionRefused):
        awards.allocation_approve(run=other, actor=judged.second_staff)
    assert BudgetLedger.objects.get(policy=policy).committed == 100_000_000


def test_ledger_commit_refuses_to_pass_the_budget(judged):
    policy = make_policy(judged.call)
    ledger = awards.ledger_for(policy)
    awards.ledger_commit(ledger=ledger, amount=60_000_000)
    with pytest.raises(ActionRefused, match="40,000,000"):
        awards.ledger_commit(ledger=ledger, amount=40_000_001)
    assert BudgetLedger.objects.get(pk=ledger.pk).committed == 60_000_000


def test_approval_refused_when_the_ledger_has_too_little_left(judged):
    policy = make_policy(judged.call)
    BudgetLedger.objects.filter(policy=policy).update(paid=10_000_000)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    with pytest.raises(ActionRefused, match="exceed the budget"):
        awards.allocation_approve(run=run, actor=judged.second_staff)
    assert Award.objects.count() == 0
    assert AllocationRun.objects.get(pk=run.pk).approved_at is None


def test_the_database_refuses_an_overspent_ledger(judged):
    policy = make_policy(judged.call)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLedger.objects.filter(policy=policy).update(committed=60_000_000, paid=40_000_001)


def test_the_database_refuses_a_negative_ledger(judged):
    policy = make_policy(judged.call)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLedger.objects.filter(policy=policy).update(committed=-1)


def test_a_budget_cut_below_committed_is_refused(judged):
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    policy.budget = 90_000_000
    with pytest.raises(ValidationError):
        policy.clean()


def test_decisions_are_unique_per_run_and_entry(judged):
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    decision = run.decisions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationDecision.objects.create(
            run=run,
            submission=decision.submission,
            entry_id="x",
            position=99,
            amount=0,
            reason="INELIGIBLE",
            explanation_vi="",
            explanation_en="",
        )


def test_ineligible_and_under_reviewed_entries_get_their_reason(site):
    judged = judged_call(site, "P07")
    add_entry(judged, 90, eligible=False)
    add_entry(judged, 90, reviews=2)
    policy = make_policy(judged.call, tiers=WORKED_TIERS)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    assert sorted(run.decisions.values_list("reason", flat=True)) == [
        "INELIGIBLE",
        "INSUFFICIENT_REVIEWS",
    ]


def test_pool_policy_funds_requested_amounts_across_calls(site):
    one = judged_call(site, "P10")
    two = judged_call(site, "P11")
    add_entry(one, 80, requested=300_000_000)
    add_entry(two, 70, requested=900_000_000)
    policy = make_policy(
        None,
        tiers=[],
        pool=[one.call, two.call],
        mode="funding",
        budget=1_000_000_000,
        rounding_unit=1_000_000,
    )
    run = awards.allocation_start(policy=policy, actor=one.staff)
    amounts = {d.submission.call_id: (d.amount, d.reason) for d in run.decisions.all()}
    assert amounts[one.call.pk] == (300_000_000, "AWARDED")
    assert amounts[two.call.pk][1] == "BUDGET_EXHAUSTED"
