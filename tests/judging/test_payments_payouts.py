"""The payout task (queued through the outbox by finance's "pay"), its retries and declines, and
reversed transfers returning money to the ledger — against the local Stripe stand-in.

The SDK's own quick retries are turned off here (``MAX_NETWORK_RETRIES = 0``) so that every
failure reaches the task, whose retries are what these tests are about. Celery runs in-process;
with ``task_eager_propagates`` off, a ``self.retry`` is re-run at once (the countdown is recorded,
not waited), as a worker would after the countdown. With it on (the embedded default) the retry
surfaces to the outbox, which leaves the message for its relay: tested separately below.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone, translation

from cms import outbox
from cms.celery import app as celery_app
from cms.models import AuditEvent, OutboxMessage
from judging import awards, payments, tasks
from judging.actions import ActionRefused
from judging.models import AwardNotice, BudgetLedger, PayeeAccount, Payout, StripeEvent
from tests import stripe_standin as standin_module
from tests.factories import UserFactory
from tests.judging.factories import give_totp
from tests.judging.test_payments_connect import post_event, winners_fixture  # noqa: F401
from tests.stripe_standin import stripe_standin_fixture, transfer_event  # noqa: F401

pytestmark = pytest.mark.django_db

TRANSFERS = "/v1/transfers"


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def _retries_run_in_process():
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = settings.CELERY_TASK_EAGER_PROPAGATES


@pytest.fixture
def ready(stripe_standin, winners, monkeypatch):
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


@pytest.fixture
def finance(winners):
    user = UserFactory(email="ketoan@province.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Finance"))
    give_totp(user)
    return user


@pytest.fixture
def countdowns(monkeypatch):
    """The countdowns the task asks Celery to wait before each retry."""
    seen: list[int] = []
    original = tasks.pay_award.retry

    def spy(*args, **kwargs):
        seen.append(kwargs["countdown"])
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks.pay_award, "retry", spy)
    return seen


def pay(client, user, winners, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            en("judging:award_run", pk=winners.run.pk), {"step": "pay", "award": winners.award.pk}
        )


def ledger(winners) -> tuple[int, int]:
    row = BudgetLedger.objects.get(policy=winners.policy)
    return row.committed, row.paid


def keys(stripe_standin) -> list[str]:
    return [r.headers["idempotency-key"] for r in stripe_standin.requests_to("POST", TRANSFERS)]


# --- paying --------------------------------------------------------------------------------------


def test_pay_queues_the_task_through_the_outbox_and_pays_once(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    assert ledger(winners) == (50_000_000, 0)

    response = pay(client, finance, winners, django_capture_on_commit_callbacks)
    again = pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert response.status_code == again.status_code == 302
    [message] = OutboxMessage.objects.filter(task_name="judging.pay_award")
    payout = Payout.objects.get(award=winners.award)
    assert message.kwargs == {"payout_id": payout.pk}
    assert message.sent_at is not None
    assert (payout.method, payout.status, payout.error) == ("stripe", "paid", "")
    [transfer] = stripe_standin.transfers.values()
    assert (transfer["id"], transfer["amount"], transfer["destination"]) == (
        payout.transfer_id,
        30_000_000,
        ready,
    )
    assert keys(stripe_standin) == [f"qnoi-award-{winners.award.pk}-transfer-v1"]
    assert ledger(winners) == (20_000_000, 30_000_000)
    page = client.get(en("judging:award_run", pk=winners.run.pk)).content.decode()
    assert "This award is already paid." in page


def test_a_lost_response_is_retried_and_makes_exactly_one_transfer(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    posts = stripe_standin.requests_to("POST", TRANSFERS)
    assert [(r.status, r.replayed) for r in posts] == [(None, False), (200, True)]
    assert len(set(keys(stripe_standin))) == 1
    assert len(stripe_standin.transfers) == 1
    payout = Payout.objects.get(award=winners.award)
    assert payout.status == "paid"
    assert payout.transfer_id == next(iter(stripe_standin.transfers))
    assert ledger(winners) == (20_000_000, 30_000_000)
    assert AuditEvent.objects.filter(action="payout.transfer").count() == 1


def test_in_process_a_lost_response_is_left_to_the_outbox_relay_and_paid_once(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    celery_app.conf.task_eager_propagates = True
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    message = OutboxMessage.objects.get(task_name="judging.pay_award")
    assert message.sent_at is None
    assert "network_error" in message.last_error
    assert len(stripe_standin.transfers) == 1  # made at Stripe, answer lost
    assert Payout.objects.get(award=winners.award).status == "pending"
    assert ledger(winners) == (50_000_000, 0)

    outbox.relay_outbox(now=timezone.now() + timedelta(minutes=11))

    message.refresh_from_db()
    assert message.sent_at is not None

    posts = stripe_standin.requests_to("POST", TRANSFERS)
    assert [(r.status, r.replayed) for r in posts] == [(None, False), (200, True)]
    assert len(stripe_standin.transfers) == 1
    assert Payout.objects.get(award=winners.award).status == "paid"
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_server_errors_are_retried_with_exponential_backoff_then_paid(
    client, stripe_standin, winners, ready, finance, countdowns, django_capture_on_commit_callbacks
):
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=3, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert countdowns == [30, 60, 120]
    assert [r.status for r in stripe_standin.requests_to("POST", TRANSFERS)] == [500, 500, 500, 200]
    assert Payout.objects.get(award=winners.award).status == "paid"
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_rate_limit_is_retried(
    client, stripe_standin, winners, ready, finance, countdowns, django_capture_on_commit_callbacks
):
    stripe_standin.fail_next(standin_module.RATE_LIMITED, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert countdowns == [30]
    assert Payout.objects.get(award=winners.award).status == "paid"


def test_retry_countdown_doubles_and_is_capped_at_an_hour():
    assert [tasks.payout_retry_countdown(n) for n in range(9)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


def test_when_retries_run_out_the_payout_waits_for_finance_and_a_retry_pays_once(
    client, stripe_standin, winners, ready, finance, countdowns, django_capture_on_commit_callbacks
):
    attempts = 1 + tasks.PAYOUT_MAX_RETRIES
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=attempts, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    payout = Payout.objects.get(award=winners.award)
    assert len(countdowns) == tasks.PAYOUT_MAX_RETRIES
    assert payout.status == "pending"
    assert "stripe_unavailable" in payout.error
    assert stripe_standin.transfers == {}
    assert ledger(winners) == (50_000_000, 0)
    assert AuditEvent.objects.filter(action="payout.failed", target_id=str(payout.pk)).exists()

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert Payout.objects.get(award=winners.award).status == "paid"
    assert set(keys(stripe_standin)) == {f"qnoi-award-{winners.award.pk}-transfer-v1"}
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


@pytest.mark.parametrize(
    "decline", [standin_module.INSUFFICIENT_FUNDS, standin_module.BALANCE_INSUFFICIENT]
)
def test_a_decline_fails_the_payout_without_touching_the_ledger_and_finance_retries_later(
    client,
    stripe_standin,
    winners,
    ready,
    finance,
    countdowns,
    decline,
    django_capture_on_commit_callbacks,
):
    stripe_standin.fail_next(decline, path=TRANSFERS)

    pay(client, finance, winners, django_capture_on_commit_callbacks)

    payout = Payout.objects.get(award=winners.award)
    assert payout.status == "failed"
    assert "insufficient" in payout.error.lower()
    assert countdowns == []
    assert len(stripe_standin.requests_to("POST", TRANSFERS)) == 1
    assert ledger(winners) == (50_000_000, 0)
    page = client.get(en("judging:award_run", pk=winners.run.pk)).content.decode()
    assert "Retry the Stripe transfer" in page

    # The platform balance is topped up; finance retries. Stripe would replay the decline under
    # the first key, so the retry goes out under the next one — nothing was transferred before.
    pay(client, finance, winners, django_capture_on_commit_callbacks)

    payout.refresh_from_db()
    assert (payout.status, payout.error) == ("paid", "")
    assert keys(stripe_standin) == [
        f"qnoi-award-{winners.award.pk}-transfer-v1",
        f"qnoi-award-{winners.award.pk}-transfer2-v1",
    ]
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_the_task_run_twice_pays_once(stripe_standin, winners, ready, finance):
    payout = awards.payout_request(award=winners.award, actor=finance)

    assert tasks.pay_award.apply(kwargs={"payout_id": payout.pk}).get() == "paid"
    Payout.objects.filter(pk=payout.pk).update(status="pending")  # as if the first run's commit
    BudgetLedger.objects.filter(policy=winners.policy).update(  # …had not happened
        committed=50_000_000, paid=0
    )
    assert tasks.pay_award.apply(kwargs={"payout_id": payout.pk}).get() == "paid"

    assert [r.replayed for r in stripe_standin.requests_to("POST", TRANSFERS)] == [False, True]
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_a_first_payment_is_one_request_and_no_look_up(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert Payout.objects.get(award=winners.award).status == "paid"
    assert [(r.method, r.path) for r in stripe_standin.requests if "transfers" in r.path] == [
        ("POST", TRANSFERS)
    ]


def test_a_retry_after_stripe_forgot_the_key_adopts_the_transfer_it_made(
    client, stripe_standin, winners, ready, finance, countdowns, django_capture_on_commit_callbacks
):
    # The transfer is made but its answer lost, then Stripe is down until the task gives up.
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)
    stripe_standin.fail_next(
        standin_module.SERVER_ERROR, times=tasks.PAYOUT_MAX_RETRIES, path=TRANSFERS
    )
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    [made] = stripe_standin.transfers
    assert Payout.objects.get(award=winners.award).status == "pending"
    assert ledger(winners) == (50_000_000, 0)

    # Finance retries more than 24 hours later: a repeated POST would be a second transfer.
    stripe_standin.forget_idempotency_keys()
    pay(client, finance, winners, django_capture_on_commit_callbacks)

    assert list(stripe_standin.transfers) == [made]
    assert len(stripe_standin.requests_to("POST", TRANSFERS)) == 1 + tasks.PAYOUT_MAX_RETRIES
    [look_up] = stripe_standin.requests_to("GET", TRANSFERS)
    assert look_up.form["transfer_group"] == f"award-{winners.award.pk}"
    payout = Payout.objects.get(award=winners.award)
    assert (payout.status, payout.transfer_id, payout.error) == ("paid", made, "")
    assert ledger(winners) == (20_000_000, 30_000_000)
    [audit] = AuditEvent.objects.filter(action="payout.transfer")
    assert audit.after["transfer"] == made

    pay(client, finance, winners, django_capture_on_commit_callbacks)  # a late click: nothing

    assert list(stripe_standin.transfers) == [made]
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_a_task_redelivered_a_day_later_adopts_the_transfer_it_made(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    celery_app.conf.task_eager_propagates = True
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    [made] = stripe_standin.transfers

    # The relay only gets the task through a day later, after Stripe forgot the key.
    stripe_standin.forget_idempotency_keys()
    Payout.objects.filter(award=winners.award).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    outbox.relay_outbox(now=timezone.now() + timedelta(minutes=11))

    assert list(stripe_standin.transfers) == [made]
    assert len(stripe_standin.requests_to("POST", TRANSFERS)) == 1
    payout = Payout.objects.get(award=winners.award)
    assert (payout.status, payout.transfer_id) == ("paid", made)
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_renaming_the_policy_and_the_entry_between_attempts_is_no_idempotency_conflict(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    celery_app.conf.task_eager_propagates = True
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    first = stripe_standin.requests_to("POST", TRANSFERS)[0].form

    winners.policy.name = "Giải thưởng đổi tên"
    winners.policy.save()
    submission = winners.award.submission
    submission.title = "Tên mới của giải pháp"
    submission.save()
    outbox.relay_outbox(now=timezone.now() + timedelta(minutes=11))

    posts = stripe_standin.requests_to("POST", TRANSFERS)
    assert [(r.status, r.replayed) for r in posts] == [(None, False), (200, True)]
    assert posts[1].form == first
    assert submission.reference and submission.reference in first["description"]
    assert len(stripe_standin.transfers) == 1
    payout = Payout.objects.get(award=winners.award)
    assert (payout.status, payout.error) == ("paid", "")
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_an_award_transfer_with_another_amount_found_later_is_not_paid_again(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    payments.create_transfer(
        award_id=winners.award.pk,
        amount_vnd=1_000,
        destination_account=ready,
        description="earlier request",
        metadata={},
    )
    stripe_standin.forget_idempotency_keys()
    payout = awards.payout_request(award=winners.award, actor=finance)
    Payout.objects.filter(pk=payout.pk).update(attempts=2)  # as if finance had asked before

    tasks.pay_award.apply(kwargs={"payout_id": payout.pk})

    payout.refresh_from_db()
    assert payout.status == "pending"
    assert "idempotency_conflict" in payout.error
    assert len(stripe_standin.transfers) == 1
    assert len(stripe_standin.requests_to("POST", TRANSFERS)) == 1
    assert ledger(winners) == (50_000_000, 0)


def test_pay_is_refused_while_the_winners_account_is_not_ready(
    client, stripe_standin, winners, finance, django_capture_on_commit_callbacks
):
    PayeeAccount.objects.create(organisation=winners.organisation, stripe_account_id="acct_x")

    response = pay(client, finance, winners, django_capture_on_commit_callbacks)

    page = client.get(response["Location"]).content.decode()
    assert "has not finished setting up their Stripe account" in page
    assert not OutboxMessage.objects.filter(task_name="judging.pay_award").exists()
    assert stripe_standin.requests == []


def test_staff_outside_finance_cannot_pay(
    client, stripe_standin, winners, ready, django_capture_on_commit_callbacks
):
    response = pay(client, winners.judged.staff, winners, django_capture_on_commit_callbacks)

    assert response.status_code == 404
    assert not Payout.objects.exists()
    assert stripe_standin.requests_to("POST", TRANSFERS) == []


# --- reversals ----------------------------------------------------------------------------------


@pytest.fixture
def paid(stripe_standin, winners, ready, finance):
    payout = awards.payout_request(award=winners.award, actor=finance)
    tasks.pay_award.apply(kwargs={"payout_id": payout.pk})
    payout.refresh_from_db()
    assert payout.status == "paid"
    return payout


def test_reversal_returns_the_money_to_committed_once(client, stripe_standin, winners, paid):
    stripe_standin.reverse_transfer(paid.transfer_id)
    full = transfer_event(
        "transfer.reversed", "evt_rev", paid.transfer_id, amount_reversed=30_000_000, reversed=True
    )
    same_again_updated = transfer_event(
        "transfer.updated", "evt_upd", paid.transfer_id, amount_reversed=30_000_000, reversed=True
    )

    assert post_event(client, full).status_code == 200
    assert post_event(client, full).status_code == 200  # duplicate delivery
    assert post_event(client, same_again_updated).status_code == 200  # same reversal, new event

    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("reversed", 30_000_000)
    assert ledger(winners) == (50_000_000, 0)
    assert StripeEvent.objects.count() == 2
    [event] = AuditEvent.objects.filter(action="payout.webhook", target_id=str(paid.pk))
    assert event.after["returned_to_committed"] == 30_000_000
    assert event.before == {"status": "paid", "amount_reversed": 0}


def test_partial_then_full_reversal_returns_each_dong_once_in_any_order(
    client, stripe_standin, winners, paid
):
    partial = transfer_event(
        "transfer.updated", "evt_p", paid.transfer_id, amount_reversed=10_000_000
    )
    full = transfer_event(
        "transfer.reversed", "evt_f", paid.transfer_id, amount_reversed=30_000_000, reversed=True
    )
    late_created = transfer_event("transfer.created", "evt_c", paid.transfer_id)

    stripe_standin.reverse_transfer(paid.transfer_id, 10_000_000)
    post_event(client, partial)
    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("partially_reversed", 10_000_000)
    assert ledger(winners) == (30_000_000, 20_000_000)

    stripe_standin.reverse_transfer(paid.transfer_id)
    post_event(client, full)
    post_event(client, partial)  # redelivered late: already counted
    post_event(client, late_created)  # out of order: must not undo the reversal

    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("reversed", 30_000_000)
    assert ledger(winners) == (50_000_000, 0)


def test_a_stale_event_delivered_after_a_reversal_undoes_nothing(
    client, stripe_standin, winners, paid
):
    stripe_standin.reverse_transfer(paid.transfer_id)
    post_event(
        client, stripe_standin.transfer_event("transfer.reversed", "evt_r", paid.transfer_id)
    )
    stale = transfer_event(  # sent before the reversal, delivered after it
        "transfer.updated", "evt_old", paid.transfer_id, amount_reversed=10_000_000
    )

    assert post_event(client, stale).status_code == 200

    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("reversed", 30_000_000)
    assert ledger(winners) == (50_000_000, 0)
    assert AuditEvent.objects.filter(action="payout.webhook").count() == 1


def test_a_webhook_whose_copy_disagrees_with_stripe_follows_stripe(
    client, stripe_standin, winners, paid
):
    claims_reversed = transfer_event(
        "transfer.reversed",
        "evt_claim",
        paid.transfer_id,
        amount_reversed=30_000_000,
        reversed=True,
    )

    assert post_event(client, claims_reversed).status_code == 200

    assert stripe_standin.requests_to("GET", f"{TRANSFERS}/{paid.transfer_id}")
    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("paid", 0)  # Stripe reversed nothing
    assert ledger(winners) == (20_000_000, 30_000_000)

    stripe_standin.reverse_transfer(paid.transfer_id, 10_000_000)
    says_nothing = transfer_event("transfer.updated", "evt_meta", paid.transfer_id)
    assert post_event(client, says_nothing).status_code == 200

    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("partially_reversed", 10_000_000)
    assert ledger(winners) == (30_000_000, 20_000_000)


def test_a_transfer_event_stripe_cannot_confirm_is_redelivered_and_then_applied(
    client, stripe_standin, winners, paid
):
    stripe_standin.reverse_transfer(paid.transfer_id)
    event = stripe_standin.transfer_event("transfer.reversed", "evt_r", paid.transfer_id)
    stripe_standin.fail_next(standin_module.SERVER_ERROR, path=f"{TRANSFERS}/{paid.transfer_id}")

    assert post_event(client, event).status_code == 503
    assert not StripeEvent.objects.filter(event_id="evt_r").exists()
    assert ledger(winners) == (20_000_000, 30_000_000)

    assert post_event(client, event).status_code == 200
    paid.refresh_from_db()
    assert (paid.status, paid.amount_reversed) == ("reversed", 30_000_000)
    assert ledger(winners) == (50_000_000, 0)


def test_an_event_for_a_transfer_that_pays_no_award_asks_stripe_nothing(
    client, stripe_standin, winners
):
    event = transfer_event("transfer.reversed", "evt_other", "tr_other", reversed=True)

    assert post_event(client, event).status_code == 200

    assert stripe_standin.requests == []
    assert ledger(winners) == (50_000_000, 0)


# --- paid once: bank transfer or Stripe, never both ---------------------------------------------

IN_FLIGHT_NOTE = "A Stripe transfer is in progress; its status will show here."
BANK_REFUSED = (
    "A Stripe transfer of this award is in progress or may already have been made, "
    "so a bank transfer cannot be recorded; its status will show here."
)


def record_bank(client, user, winners, reference: str = "VCB-2026-0007"):
    client.force_login(user)
    response = client.post(
        en("judging:award_run", pk=winners.run.pk),
        {"step": "bank", "award": winners.award.pk, "reference": reference},
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_bank_transfer_is_refused_while_the_stripe_transfer_may_have_been_made(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    celery_app.conf.task_eager_propagates = True
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=TRANSFERS)
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    assert len(stripe_standin.transfers) == 1  # made at Stripe, answer lost: still pending
    page = client.get(en("judging:award_run", pk=winners.run.pk)).content.decode()
    assert IN_FLIGHT_NOTE in page
    assert f'id="ref-{winners.award.pk}"' not in page  # no bank form for this award

    refused = record_bank(client, finance, winners)

    assert BANK_REFUSED in refused
    payout = Payout.objects.get(award=winners.award)
    assert (payout.method, payout.status, payout.reference) == ("stripe", "pending", "")
    assert ledger(winners) == (50_000_000, 0)
    assert not AuditEvent.objects.filter(action="payout.bank").exists()

    outbox.relay_outbox(now=timezone.now() + timedelta(minutes=11))

    payout.refresh_from_db()
    assert (payout.method, payout.status) == ("stripe", "paid")
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_a_bank_transfer_is_refused_once_finance_asked_stripe_to_pay(
    stripe_standin, winners, ready, finance
):
    payout = awards.payout_request(award=winners.award, actor=finance)  # task not yet run

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        awards.payout_record_bank(award=winners.award, reference="VCB-1", actor=finance)

    assert refused.value.message == BANK_REFUSED
    assert ledger(winners) == (50_000_000, 0)
    assert tasks.pay_award.apply(kwargs={"payout_id": payout.pk}).get() == "paid"
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_a_declined_stripe_payout_may_be_paid_by_bank_transfer_instead(
    client, stripe_standin, winners, ready, finance, django_capture_on_commit_callbacks
):
    stripe_standin.fail_next(standin_module.BALANCE_INSUFFICIENT, path=TRANSFERS)
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    assert Payout.objects.get(award=winners.award).status == "failed"
    page = client.get(en("judging:award_run", pk=winners.run.pk)).content.decode()
    assert f'id="ref-{winners.award.pk}"' in page
    assert IN_FLIGHT_NOTE not in page

    done = record_bank(client, finance, winners)

    assert "The payment is recorded." in done
    payout = Payout.objects.get(award=winners.award)
    assert (payout.method, payout.status, payout.reference) == ("bank", "paid", "VCB-2026-0007")
    assert stripe_standin.transfers == {}
    assert ledger(winners) == (20_000_000, 30_000_000)
    # A late "pay" cannot add a Stripe transfer on top.
    pay(client, finance, winners, django_capture_on_commit_callbacks)
    assert stripe_standin.transfers == {}
    assert ledger(winners) == (20_000_000, 30_000_000)


def test_an_idempotency_conflict_is_no_decline_and_keeps_the_bank_form_away(
    client, stripe_standin, winners, ready, finance
):
    # Stripe already holds a request under this award's key, with other parameters: it may
    # have made a transfer, so neither a new key nor a bank transfer may pay the award again.
    payments.create_transfer(
        award_id=winners.award.pk,
        amount_vnd=1_000,
        destination_account=ready,
        description="earlier request",
        metadata={},
    )
    payout = awards.payout_request(award=winners.award, actor=finance)
    tasks.pay_award.apply(kwargs={"payout_id": payout.pk})

    payout.refresh_from_db()
    assert (payout.status, payout.attempt_scope) == ("pending", "transfer")
    assert "idempotency_conflict" in payout.error
    with translation.override("en"), pytest.raises(ActionRefused):
        awards.payout_record_bank(award=winners.award, reference="VCB-1", actor=finance)
    assert len(stripe_standin.transfers) == 1
    assert ledger(winners) == (50_000_000, 0)


def test_only_finance_may_record_a_bank_transfer_even_bypassing_the_page(winners):
    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        awards.payout_record_bank(
            award=winners.award, reference="VCB-1", actor=winners.judged.staff
        )

    assert refused.value.message == "Only finance staff can record a bank transfer."
    assert not Payout.objects.exists()
    assert ledger(winners) == (50_000_000, 0)


# --- award-decision notices ---------------------------------------------------------------------


def test_a_decision_notice_the_mail_server_refused_is_sent_by_the_retry(winners, monkeypatch):
    original = EmailBackend.send_messages
    calls = []

    def refuse_once(backend, messages):
        calls.append(messages)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_once)
    expected = sorted(
        user.email
        for decision in winners.run.decisions.all()
        for user in tasks._entrant_users(decision.submission)
    )
    assert len(expected) > 1

    tasks.notify_award_decisions.apply(args=[winners.run.pk])

    refused_to = calls[0][0].to  # the first e-mail, which the server refused
    assert sorted(address for m in mail.outbox for address in m.to) == expected
    assert [m.to for m in mail.outbox].count(refused_to) == 1
    assert AwardNotice.objects.count() == len(expected)
