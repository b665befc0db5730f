"""Races on PostgreSQL, with real transactions in two threads: two approvals never overspend, and
two payments of one award (a bank record and the Stripe payment, or two bank records) pay it once."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from cms import outbox
from cms.models import AuditEvent
from judging import awards, payments, tasks
from judging.actions import ActionRefused
from judging.models import Award, BudgetLedger, PayeeAccount, Payout
from tests.factories import UserFactory
from tests.judging.award_support import add_entry, judged_call, make_policy
from tests.judging.test_payments_connect import winners_fixture  # noqa: F401
from tests.stripe_standin import stripe_standin_fixture  # noqa: F401


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget(site):
    judged = judged_call(site, "P20")
    for score in (90, 80, 78):
        add_entry(judged, score)
    policy = make_policy(
        judged.call, tiers=[("prize", "Giải", "Prize", 3, 30_000_000, None)], budget=90_000_000
    )
    runs = [awards.allocation_start(policy=policy, actor=judged.staff) for _ in range(2)]
    approvers = [judged.second_staff, UserFactory(email="third@province.example", is_staff=True)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(run, approver):
        try:
            barrier.wait(timeout=10)
            awards.allocation_approve(run=run, actor=approver)
            outcomes.append("approved")
        except ActionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(runs, approvers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    ledger = BudgetLedger.objects.get(policy=policy)
    assert ledger.committed == 90_000_000
    assert ledger.committed + ledger.paid <= ledger.budget
    assert Award.objects.filter(run__policy=policy).count() == 3


# --- one award, two payments at once ------------------------------------------------------------


@pytest.fixture
def payable(stripe_standin, winners):
    """The 30 000 000 đồng award of ``winners``, its winner's Stripe account ready, and two
    finance staff: committed 50 000 000, paid 0."""
    status = payments.create_connected_account(
        organisation_id=winners.organisation.pk, country="VN"
    )
    stripe_standin.complete_onboarding(status.account_id)
    PayeeAccount.objects.create(
        organisation=winners.organisation, stripe_account_id=status.account_id, ready=True
    )
    finance = Group.objects.get_or_create(name="Finance")[0]
    staff = [UserFactory(email=f"ketoan{n}@province.example", is_staff=True) for n in (1, 2)]
    for user in staff:
        user.groups.add(finance)
    return winners, staff


def run_together(*actions) -> list[str]:
    """Run each action in its own thread (and database connection); their outcomes in order."""
    outcomes: list[str] = [""] * len(actions)

    def run(index, action):
        try:
            outcomes[index] = action()
        except ActionRefused:
            outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def assert_paid_once(winners, stripe_standin) -> Payout:
    payout = Payout.objects.get(award=winners.award)
    ledger = BudgetLedger.objects.get(policy=winners.policy)
    assert (ledger.committed, ledger.paid) == (20_000_000, 30_000_000)
    assert payout.status == "paid"
    bank_records = AuditEvent.objects.filter(action="payout.bank").count()
    stripe_records = AuditEvent.objects.filter(action="payout.transfer").count()
    if payout.method == "bank":
        assert (bank_records, stripe_records, len(stripe_standin.transfers)) == (1, 0, 0)
    else:
        assert (bank_records, stripe_records, len(stripe_standin.transfers)) == (0, 1, 1)
    return payout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_bank_record_while_the_stripe_transfer_is_in_flight_is_refused(
    stripe_standin, payable, monkeypatch
):
    winners, (first, second) = payable
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "publish", lambda message_id: False)  # not yet at a worker
        payout = awards.payout_request(award=winners.award, actor=first)
    in_flight, bank_tried = threading.Event(), threading.Event()
    create_transfer = stripe_standin._create_transfer

    def slow_create_transfer(form):
        in_flight.set()  # the task released the payout row and is waiting for Stripe
        bank_tried.wait(timeout=20)
        return create_transfer(form)

    stripe_standin._create_transfer = slow_create_transfer

    def pay_task():  # as a worker runs it: no transaction around the task
        return tasks.pay_award.apply(kwargs={"payout_id": payout.pk}).get()

    def record_bank():
        try:
            assert in_flight.wait(timeout=20)
            awards.payout_record_bank(award=winners.award, reference="VCB-1", actor=second)
            return "bank"
        finally:
            bank_tried.set()

    assert run_together(pay_task, record_bank) == ["paid", "refused"]
    assert assert_paid_once(winners, stripe_standin).method == "stripe"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_bank_record_and_the_stripe_payment_at_once_pay_the_award_once(stripe_standin, payable):
    winners, (first, second) = payable
    barrier = threading.Barrier(2)

    def pay_by_stripe():
        barrier.wait(timeout=10)
        awards.payout_request(award=winners.award, actor=first)
        return "stripe"

    def record_bank():
        barrier.wait(timeout=10)
        awards.payout_record_bank(award=winners.award, reference="VCB-1", actor=second)
        return "bank"

    outcomes = run_together(pay_by_stripe, record_bank)

    assert sorted(outcomes) in (["refused", "stripe"], ["bank", "refused"])
    payout = assert_paid_once(winners, stripe_standin)
    assert payout.method == ("bank" if "bank" in outcomes else "stripe")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_bank_records_at_once_pay_the_award_once(stripe_standin, payable):
    winners, staff = payable
    barrier = threading.Barrier(2)

    def record_bank(user, reference):
        def action():
            barrier.wait(timeout=10)
            awards.payout_record_bank(award=winners.award, reference=reference, actor=user)
            return reference

        return action

    outcomes = run_together(record_bank(staff[0], "VCB-1"), record_bank(staff[1], "VCB-2"))

    assert sorted(outcomes) in (["VCB-1", "refused"], ["VCB-2", "refused"])
    payout = assert_paid_once(winners, stripe_standin)
    assert payout.reference == next(o for o in outcomes if o != "refused")
