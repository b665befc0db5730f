"""Reversed Stripe transfers settled again: finance records a bank transfer for the reversed
amount (committed → paid) or releases it to the budget (committed → remaining), once.

The award is paid by the background task against the local Stripe stand-in, then reversed by a
signed ``transfer.reversed`` / ``transfer.updated`` webhook, as in test_payments_payouts.py. The
worked tiers give two awards, 30 000 000 and 20 000 000 đồng, in a 100 000 000 budget; the one
reversed here is the first.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from cms.models import AuditEvent
from judging import awards, payments, tasks
from judging.actions import ActionRefused
from judging.models import BudgetLedger, PayeeAccount, Payout
from tests.factories import UserFactory
from tests.judging.factories import give_totp
from tests.judging.test_payments_connect import post_event, winners_fixture  # noqa: F401
from tests.stripe_standin import stripe_standin_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

SETTLE = "payout.reversal_settle"
RELEASE = "payout.reversal_release"


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def ledger(winners) -> tuple[int, int, int]:
    row = BudgetLedger.objects.get(policy=winners.policy)
    return row.committed, row.paid, row.remaining


def reverse_transfer(
    client, stripe_standin, payout, amount: int, event_id: str = "evt_rev"
) -> None:
    """Stripe has reversed ``amount`` đồng of the transfer in all (reversing the difference if
    it has not yet), and its webhook arrives."""
    now_reversed = stripe_standin.transfers[payout.transfer_id]["amount_reversed"]
    if amount > now_reversed:
        stripe_standin.reverse_transfer(payout.transfer_id, amount - now_reversed)
    full = amount >= payout.amount
    event = stripe_standin.transfer_event(
        "transfer.reversed" if full else "transfer.updated", event_id, payout.transfer_id
    )
    assert post_event(client, event).status_code == 200


@pytest.fixture(name="ready")
def ready_fixture(stripe_standin, winners, monkeypatch):
    """The winner's Express account exists at the stand-in and finished onboarding."""
    monkeypatch.setattr(payments, "MAX_NETWORK_RETRIES", 0)
    status = payments.create_connected_account(
        organisation_id=winners.organisation.pk, country="VN"
    )
    stripe_standin.complete_onboarding(status.account_id)
    PayeeAccount.objects.create(
        organisation=winners.organisation, stripe_account_id=status.account_id, ready=True
    )
    return status.account_id


@pytest.fixture(name="finance")
def finance_fixture(winners):
    user = UserFactory(email="ketoan@province.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Finance"))
    give_totp(user)
    return user


@pytest.fixture(name="paid")
def paid_fixture(stripe_standin, winners, ready, finance):
    """The 30 000 000 đồng award paid by the Stripe task: committed 20 000 000, paid 30 000 000."""
    payout = awards.payout_request(award=winners.award, actor=finance)
    tasks.pay_award.apply(kwargs={"payout_id": payout.pk})
    payout.refresh_from_db()
    assert payout.status == "paid"
    return payout


@pytest.fixture
def reversed_payout(client, stripe_standin, winners, paid):
    """The 30 000 000 đồng transfer, wholly reversed: its money is committed again."""
    reverse_transfer(client, stripe_standin, paid, 30_000_000)
    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("reversed", 30_000_000)
    assert ledger(winners) == (50_000_000, 0, 50_000_000)
    return paid


def post_step(client, user, winners, step: str, **fields):
    client.force_login(user)
    return client.post(
        en("judging:award_run", pk=winners.run.pk),
        {"step": step, "award": winners.award.pk, **fields},
    )


def page(client, user, winners) -> str:
    client.force_login(user)
    return client.get(en("judging:award_run", pk=winners.run.pk)).content.decode()


def followed(client, response) -> str:
    assert response.status_code == 302
    with translation.override("en"):
        return client.get(response["Location"]).content.decode()


# --- paying the reversed amount again -------------------------------------------------------------


def test_settle_moves_exactly_the_outstanding_amount_from_committed_to_paid(
    client, winners, finance, reversed_payout
):
    response = post_step(
        client,
        finance,
        winners,
        "settle_reversal",
        reference="VCB-2026-0042",
        outstanding=30_000_000,
    )

    assert "The repayment of the reversed amount is recorded." in followed(client, response)
    assert ledger(winners) == (20_000_000, 30_000_000, 50_000_000)
    payout = Payout.objects.get(pk=reversed_payout.pk)
    assert (payout.amount_resettled, payout.resettle_reference, payout.amount_released) == (
        30_000_000,
        "VCB-2026-0042",
        0,
    )
    assert (payout.reversal_outstanding, payout.amount_paid) == (0, 30_000_000)
    [event] = AuditEvent.objects.filter(action=SETTLE, target_id=str(payout.pk))
    assert event.actor == finance
    assert event.after["amount"] == 30_000_000
    assert event.after["reference"] == "VCB-2026-0042"
    assert event.before == {"amount_resettled": 0, "reference": ""}


def test_settle_without_a_bank_reference_is_refused(client, winners, finance, reversed_payout):
    response = post_step(client, finance, winners, "settle_reversal", reference="  ")

    assert "Give the bank&#x27;s reference." in followed(client, response)
    assert ledger(winners) == (50_000_000, 0, 50_000_000)
    assert not AuditEvent.objects.filter(action=SETTLE).exists()


# --- releasing it to the budget -----------------------------------------------------------------


def test_release_moves_the_outstanding_amount_from_committed_to_the_remaining_budget(
    client, winners, finance, reversed_payout
):
    response = post_step(
        client,
        finance,
        winners,
        "release_reversal",
        reason="The company was dissolved; the award lapses.",
        outstanding=30_000_000,
    )

    assert "The reversed amount is released to the budget." in followed(client, response)
    assert ledger(winners) == (20_000_000, 0, 80_000_000)
    payout = Payout.objects.get(pk=reversed_payout.pk)
    assert (payout.amount_released, payout.amount_resettled) == (30_000_000, 0)
    assert payout.release_reason == "The company was dissolved; the award lapses."
    assert (payout.reversal_outstanding, payout.amount_paid) == (0, 0)
    [event] = AuditEvent.objects.filter(action=RELEASE, target_id=str(payout.pk))
    assert event.actor == finance
    assert event.after["amount"] == 30_000_000
    assert event.after["reason"] == "The company was dissolved; the award lapses."


def test_release_without_a_reason_is_refused(client, winners, finance, reversed_payout):
    response = post_step(client, finance, winners, "release_reversal", reason="")

    assert "Give the reason for releasing the reversed amount." in followed(client, response)
    assert ledger(winners) == (50_000_000, 0, 50_000_000)
    assert Payout.objects.get(pk=reversed_payout.pk).amount_released == 0


# --- once only ----------------------------------------------------------------------------------

SETTLE_FORM = ("settle_reversal", {"reference": "VCB-1"})
RELEASE_FORM = ("release_reversal", {"reason": "Not paid again."})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (SETTLE_FORM, SETTLE_FORM),
        (RELEASE_FORM, RELEASE_FORM),
        (SETTLE_FORM, RELEASE_FORM),
        (RELEASE_FORM, SETTLE_FORM),
    ],
    ids=["settle-twice", "release-twice", "settle-then-release", "release-then-settle"],
)
def test_a_double_click_is_refused_and_leaves_the_ledger_alone(
    client, winners, finance, reversed_payout, first, second
):
    # Both clicks come from the same page, so both carry the amount it showed.
    post_step(client, finance, winners, first[0], outstanding=30_000_000, **first[1])
    after_first = ledger(winners)
    payout_after_first = Payout.objects.values(
        "amount_resettled", "amount_released", "resettle_reference", "release_reason"
    ).get(pk=reversed_payout.pk)

    response = post_step(client, finance, winners, second[0], outstanding=30_000_000, **second[1])

    assert "Nothing reversed is outstanding on this award." in followed(client, response)
    assert ledger(winners) == after_first
    assert after_first[0] == 20_000_000  # the first click did move the money
    assert (
        Payout.objects.values(
            "amount_resettled", "amount_released", "resettle_reference", "release_reason"
        ).get(pk=reversed_payout.pk)
        == payout_after_first
    )
    assert AuditEvent.objects.filter(action__in=(SETTLE, RELEASE)).count() == 1


def test_nothing_outstanding_on_a_payout_that_was_never_reversed(winners, finance, paid):
    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        awards.payout_settle_reversal(award=winners.award, reference="VCB-9", actor=finance)

    assert refused.value.message == "Nothing reversed is outstanding on this award."
    assert ledger(winners) == (20_000_000, 30_000_000, 50_000_000)


def test_nothing_outstanding_on_an_award_without_a_payout(winners, finance):
    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        awards.payout_release_reversal(award=winners.award, reason="x", actor=finance)

    assert refused.value.message == "Nothing reversed is outstanding on this award."
    assert not Payout.objects.exists()


# --- partial reversals --------------------------------------------------------------------------


def test_a_partial_reversal_is_settled_then_a_later_reversal_is_released(
    client, stripe_standin, winners, finance, paid
):
    reverse_transfer(client, stripe_standin, paid, 10_000_000, "evt_partial")
    assert ledger(winners) == (30_000_000, 20_000_000, 50_000_000)
    assert "VND\u00a010,000,000 reversed, not yet paid again or released" in page(
        client, finance, winners
    )

    post_step(
        client, finance, winners, "settle_reversal", reference="VCB-P1", outstanding=10_000_000
    )

    assert ledger(winners) == (20_000_000, 30_000_000, 50_000_000)
    payout = Payout.objects.get(pk=paid.pk)
    assert (payout.status, payout.amount_reversed, payout.amount_resettled) == (
        "partially_reversed",
        10_000_000,
        10_000_000,
    )
    assert payout.reversal_outstanding == 0

    # Stripe later reverses the rest: only the new 20 000 000 is outstanding.
    reverse_transfer(client, stripe_standin, paid, 30_000_000, "evt_full")
    assert ledger(winners) == (40_000_000, 10_000_000, 50_000_000)
    assert Payout.objects.get(pk=paid.pk).reversal_outstanding == 20_000_000

    # A form still showing the old 10 000 000 must not settle a sum finance did not see.
    stale = post_step(
        client, finance, winners, "settle_reversal", reference="VCB-P2", outstanding=10_000_000
    )
    assert (
        "The outstanding reversed amount is now VND\u00a020,000,000; check it and try again."
        in followed(client, stale)
    )
    assert ledger(winners) == (40_000_000, 10_000_000, 50_000_000)

    post_step(
        client, finance, winners, "release_reversal", reason="Lapsed.", outstanding=20_000_000
    )

    assert ledger(winners) == (20_000_000, 10_000_000, 70_000_000)
    payout = Payout.objects.get(pk=paid.pk)
    assert (payout.amount_resettled, payout.resettle_reference, payout.amount_released) == (
        10_000_000,
        "VCB-P1",
        20_000_000,
    )
    assert payout.amount_paid == 10_000_000
    text = page(client, finance, winners)
    assert "Paid to the winner: VND\u00a010,000,000" in text
    assert "VND\u00a020,000,000 released to the budget" in text
    assert 'value="settle_reversal"' not in text


def test_a_redelivered_reversal_after_release_changes_nothing(
    client, stripe_standin, winners, finance, reversed_payout
):
    awards.payout_release_reversal(award=winners.award, reason="Lapsed.", actor=finance)

    reverse_transfer(client, stripe_standin, reversed_payout, 30_000_000, "evt_again")

    assert ledger(winners) == (20_000_000, 0, 80_000_000)
    assert Payout.objects.get(pk=reversed_payout.pk).reversal_outstanding == 0


# --- the ledger never goes negative ---------------------------------------------------------------


def test_refused_when_the_ledger_no_longer_holds_the_reversed_money(
    winners, finance, reversed_payout
):
    BudgetLedger.objects.filter(policy=winners.policy).update(committed=10_000_000)

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        awards.payout_release_reversal(award=winners.award, reason="Lapsed.", actor=finance)

    assert "holds only VND\u00a010,000,000 committed" in refused.value.message
    assert ledger(winners) == (10_000_000, 0, 90_000_000)
    assert Payout.objects.get(pk=reversed_payout.pk).amount_released == 0


def test_the_database_refuses_settling_more_than_was_reversed(reversed_payout):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.filter(pk=reversed_payout.pk).update(
            amount_resettled=20_000_000, amount_released=20_000_000
        )


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [SETTLE_FORM, RELEASE_FORM], ids=["settle", "release"])
def test_staff_outside_finance_cannot_settle_or_release_through_the_page(
    client, winners, reversed_payout, step
):
    staff = winners.judged.staff  # manages awards, not in Finance

    response = post_step(client, staff, winners, step[0], outstanding=30_000_000, **step[1])

    assert response.status_code == 404
    assert ledger(winners) == (50_000_000, 0, 50_000_000)
    payout = Payout.objects.get(pk=reversed_payout.pk)
    assert (payout.amount_resettled, payout.amount_released) == (0, 0)
    assert not AuditEvent.objects.filter(action__in=(SETTLE, RELEASE)).exists()


def test_staff_outside_finance_are_refused_by_the_state_changes(winners, reversed_payout):
    staff = winners.judged.staff

    with translation.override("en"):
        with pytest.raises(ActionRefused) as settle:
            awards.payout_settle_reversal(award=winners.award, reference="VCB-1", actor=staff)
        with pytest.raises(ActionRefused) as release:
            awards.payout_release_reversal(award=winners.award, reason="x", actor=staff)

    message = "Only finance staff can pay again or release a reversed amount."
    assert settle.value.message == release.value.message == message
    assert ledger(winners) == (50_000_000, 0, 50_000_000)


def test_the_page_shows_the_outstanding_amount_to_staff_and_the_forms_only_to_finance(
    client, winners, finance, reversed_payout
):
    for_finance = page(client, finance, winners)
    for_staff = page(client, winners.judged.staff, winners)

    for text in (for_finance, for_staff):
        assert "VND\u00a030,000,000 reversed, not yet paid again or released" in text
        assert "Paid to the winner: VND\u00a00" in text
    assert 'value="settle_reversal"' in for_finance
    assert 'value="release_reversal"' in for_finance
    assert 'name="outstanding" value="30000000"' in for_finance
    assert "Record a bank transfer of the reversed VND\u00a030,000,000" in for_finance
    assert "Release the reversed VND\u00a030,000,000 to the budget" in for_finance
    assert 'value="settle_reversal"' not in for_staff
    assert 'value="release_reversal"' not in for_staff


def test_once_settled_the_page_shows_the_repayment_and_no_forms(
    client, winners, finance, reversed_payout
):
    awards.payout_settle_reversal(award=winners.award, reference="VCB-2026-0042", actor=finance)

    text = page(client, finance, winners)

    assert "VND\u00a030,000,000 paid again by bank transfer VCB-2026-0042" in text
    assert "Paid to the winner: VND\u00a030,000,000" in text
    assert "not yet paid again or released" not in text
    assert 'value="settle_reversal"' not in text
    assert 'value="release_reversal"' not in text
