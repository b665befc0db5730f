"""judging.payments against the local Stripe stand-in: no test here talks to Stripe.

The real SDK sends real HTTP to ``tests.stripe_standin``; webhooks go through the SDK's real
signature check with headers signed the way Stripe documents.
"""

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from judging import payments
from judging.payments import (
    PaymentError,
    VerifiedEvent,
    WebhookRejected,
    create_transfer,
    idempotency_key_for,
    reconcile_status,
    retrieve_transfer,
    verify_webhook,
)
from tests import stripe_standin as standin_module
from tests.stripe_standin import signed_event, stripe_standin_fixture  # noqa: F401

DESTINATION = "acct_1QnWinnerHaLong"


def pay(award_id: int | str = 42, amount_vnd: int = 25_000_000, **overrides):
    kwargs = {
        "award_id": award_id,
        "amount_vnd": amount_vnd,
        "destination_account": DESTINATION,
        "description": "Giải Nhất — Thách thức du lịch Vịnh Hạ Long",
        "metadata": {"contest": "ha-long-tourism-2025"},
        **overrides,
    }
    return create_transfer(**kwargs)


def transfer_event(event_type: str, event_id: str = "evt_1", **transfer_fields) -> dict:
    transfer = {
        "id": "tr_standin000001",
        "object": "transfer",
        "amount": 25_000_000,
        "amount_reversed": 0,
        "currency": "vnd",
        "destination": DESTINATION,
        "metadata": {"award_id": "42"},
        "reversed": False,
        **transfer_fields,
    }
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": 1_760_000_000,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": transfer},
    }


def test_idempotency_key_for_is_derived_from_award_and_scope():
    assert idempotency_key_for(42) == "qnoi-award-42-transfer-v1"
    assert idempotency_key_for("42") == idempotency_key_for(42)
    assert idempotency_key_for(42, "transfer2") == "qnoi-award-42-transfer2-v1"
    assert idempotency_key_for(43) != idempotency_key_for(42)


@pytest.mark.parametrize(
    ("award_id", "scope"),
    [(True, "transfer"), ("", "transfer"), ("4 2", "transfer"), (4.2, "transfer"), (42, "re-try")],
)
def test_idempotency_key_for_refuses_ambiguous_input(award_id, scope):
    with pytest.raises(ValueError):
        idempotency_key_for(award_id, scope)


def test_create_transfer_sends_vnd_amount_destination_and_award_key(stripe_standin):
    result = pay()

    [request] = stripe_standin.requests
    assert (request.method, request.path, request.status) == ("POST", "/v1/transfers", 200)
    assert request.headers["authorization"] == "Bearer sk_test_standin"
    assert request.headers["idempotency-key"] == "qnoi-award-42-transfer-v1"
    assert request.form == {
        "amount": "25000000",
        "currency": "vnd",
        "destination": DESTINATION,
        "description": "Giải Nhất — Thách thức du lịch Vịnh Hạ Long",
        "transfer_group": "award-42",
        "metadata[contest]": "ha-long-tourism-2025",
        "metadata[award_id]": "42",
    }
    stored = stripe_standin.transfers[result.transfer_id]
    assert result == payments.TransferResult(
        transfer_id="tr_standin000001",
        amount=25_000_000,
        currency="vnd",
        destination=DESTINATION,
        created=datetime.fromtimestamp(stored["created"], tz=UTC),
    )


def test_create_transfer_repeated_for_same_award_returns_same_transfer(stripe_standin):
    first = pay()
    second = pay()

    assert second.transfer_id == first.transfer_id
    assert (first.replayed, second.replayed) == (False, True)
    assert len(stripe_standin.transfers) == 1
    assert [r.replayed for r in stripe_standin.requests] == [False, True]


def test_create_transfer_retries_server_error_and_pays_once(stripe_standin):
    stripe_standin.fail_next(standin_module.SERVER_ERROR)

    result = pay()

    posts = stripe_standin.requests_to("POST", "/v1/transfers")
    assert [r.status for r in posts] == [500, 200]
    assert {r.headers["idempotency-key"] for r in posts} == {"qnoi-award-42-transfer-v1"}
    assert list(stripe_standin.transfers) == [result.transfer_id]


def test_create_transfer_retries_connection_dropped_after_commit_without_paying_twice(
    stripe_standin,
):
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT)

    result = pay()

    posts = stripe_standin.requests_to("POST", "/v1/transfers")
    assert [(r.status, r.replayed) for r in posts] == [(None, False), (200, True)]
    assert list(stripe_standin.transfers) == [result.transfer_id]
    assert result.replayed is True


def test_create_transfer_after_retries_run_out_is_retryable_and_later_pays_once(stripe_standin):
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=1 + payments.MAX_NETWORK_RETRIES)

    with pytest.raises(PaymentError) as raised:
        pay()
    assert (raised.value.code, raised.value.retryable) == ("stripe_unavailable", True)
    assert stripe_standin.transfers == {}

    result = pay()
    assert list(stripe_standin.transfers) == [result.transfer_id]


def test_create_transfer_dropped_connection_exhausted_is_retryable_network_error(stripe_standin):
    stripe_standin.fail_next(standin_module.DROP, times=1 + payments.MAX_NETWORK_RETRIES)

    with pytest.raises(PaymentError) as raised:
        pay()

    assert (raised.value.code, raised.value.retryable) == ("network_error", True)
    assert len(stripe_standin.requests) == 1 + payments.MAX_NETWORK_RETRIES


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (standin_module.INSUFFICIENT_FUNDS, "insufficient_funds"),
        (standin_module.BALANCE_INSUFFICIENT, "balance_insufficient"),
    ],
)
def test_create_transfer_without_funds_is_not_retryable(stripe_standin, failure, code):
    stripe_standin.fail_next(failure)

    with pytest.raises(PaymentError) as raised:
        pay()

    assert (raised.value.code, raised.value.retryable) == (code, False)
    assert len(stripe_standin.requests) == 1
    assert stripe_standin.transfers == {}


def test_create_transfer_rate_limited_is_retryable(stripe_standin):
    stripe_standin.fail_next(standin_module.RATE_LIMITED)

    with pytest.raises(PaymentError) as raised:
        pay()

    assert (raised.value.code, raised.value.retryable) == ("rate_limited", True)


def test_create_transfer_same_award_different_amount_is_idempotency_conflict(stripe_standin):
    first = pay(amount_vnd=25_000_000)

    with pytest.raises(PaymentError) as raised:
        pay(amount_vnd=30_000_000)

    assert (raised.value.code, raised.value.retryable) == ("idempotency_conflict", False)
    assert "qnoi-award-42-transfer-v1" in raised.value.message
    assert list(stripe_standin.transfers) == [first.transfer_id]
    assert stripe_standin.transfers[first.transfer_id]["amount"] == 25_000_000


@pytest.mark.parametrize(
    "amount", [25_000_000.0, 1.5, 0, -5_000_000, True, False, Decimal("25000000"), "25000000"]
)
def test_create_transfer_refuses_non_positive_or_non_int_amount_before_any_request(
    stripe_standin, amount
):
    with pytest.raises(ValueError):
        pay(amount_vnd=amount)

    assert stripe_standin.requests == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"destination_account": "ba_1BankAccount"},
        {"destination_account": ""},
        {"metadata": {"award_id": "43"}},
        {"metadata": {"nested": {"a": 1}}},
        {"award_id": "42; drop"},
    ],
)
def test_create_transfer_refuses_bad_arguments_before_any_request(stripe_standin, overrides):
    with pytest.raises(ValueError):
        pay(**overrides)

    assert stripe_standin.requests == []


def test_create_transfer_with_wrong_key_is_not_authorised(stripe_standin, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_someone_else"

    with pytest.raises(PaymentError) as raised:
        pay()

    assert (raised.value.code, raised.value.retryable) == ("not_authorised", False)


def test_create_transfer_without_key_is_not_configured(stripe_standin, settings):
    settings.STRIPE_SECRET_KEY = ""

    with pytest.raises(PaymentError) as raised:
        pay()

    assert (raised.value.code, raised.value.retryable) == ("not_configured", False)
    assert stripe_standin.requests == []


def test_retrieve_transfer_returns_stored_transfer(stripe_standin):
    created = pay()
    stripe_standin.transfers[created.transfer_id].update(amount_reversed=5_000_000)

    fetched = retrieve_transfer(created.transfer_id)

    assert fetched == payments.TransferResult(
        transfer_id=created.transfer_id,
        amount=25_000_000,
        currency="vnd",
        destination=DESTINATION,
        created=created.created,
        amount_reversed=5_000_000,
    )
    assert stripe_standin.requests[-1].path == f"/v1/transfers/{created.transfer_id}"


def test_retrieve_transfer_unknown_id_is_not_retryable(stripe_standin):
    with pytest.raises(PaymentError) as raised:
        retrieve_transfer("tr_missing")

    assert (raised.value.code, raised.value.retryable) == ("resource_missing", False)


def test_verify_webhook_accepts_correctly_signed_event(stripe_standin):
    body, header = signed_event(transfer_event("transfer.created"), "whsec_test")

    event = verify_webhook(body, header)

    assert event == VerifiedEvent(
        id="evt_1",
        type="transfer.created",
        created=1_760_000_000,
        object_id="tr_standin000001",
        data=transfer_event("transfer.created")["data"],
    )
    assert event.data["object"]["metadata"] == {"award_id": "42"}


def test_verify_webhook_rejects_tampered_payload(stripe_standin):
    body, header = signed_event(transfer_event("transfer.created"), "whsec_test")
    tampered = body.replace(b"25000000", b"95000000")

    with pytest.raises(WebhookRejected):
        verify_webhook(tampered, header)


def test_verify_webhook_rejects_wrong_secret(stripe_standin):
    body, header = signed_event(transfer_event("transfer.created"), "whsec_attacker")

    with pytest.raises(WebhookRejected):
        verify_webhook(body, header)


def test_verify_webhook_rejects_timestamp_older_than_tolerance(stripe_standin):
    stale = int(time.time()) - payments.WEBHOOK_TOLERANCE_SECONDS - 60
    body, header = signed_event(transfer_event("transfer.created"), "whsec_test", stale)

    with pytest.raises(WebhookRejected, match="tolerance"):
        verify_webhook(body, header)


def test_verify_webhook_accepts_timestamp_within_tolerance(stripe_standin):
    recent = int(time.time()) - payments.WEBHOOK_TOLERANCE_SECONDS + 60
    body, header = signed_event(transfer_event("transfer.created"), "whsec_test", recent)

    assert verify_webhook(body, header).id == "evt_1"


@pytest.mark.parametrize("header", ["", "garbage", "t=1760000000"])
def test_verify_webhook_rejects_missing_or_malformed_header(stripe_standin, header):
    body, _ = signed_event(transfer_event("transfer.created"), "whsec_test")

    with pytest.raises(WebhookRejected):
        verify_webhook(body, header)


def test_verify_webhook_rejects_signed_payload_that_is_not_an_event(stripe_standin):
    body, header = signed_event({"hello": "world"}, "whsec_test")

    with pytest.raises(WebhookRejected):
        verify_webhook(body, header)


def test_verify_webhook_without_secret_rejects(stripe_standin, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    body, header = signed_event(transfer_event("transfer.created"), "")

    with pytest.raises(WebhookRejected):
        verify_webhook(body, header)


def test_verify_webhook_same_event_twice_parses_to_same_id(stripe_standin):
    """Stripe redelivers; verification accepts both, and the caller deduplicates by event id."""
    payload = transfer_event("transfer.created", event_id="evt_redelivered")
    first = verify_webhook(*signed_event(payload, "whsec_test", int(time.time()) - 30))
    second = verify_webhook(*signed_event(payload, "whsec_test"))

    assert first == second
    assert first.id == "evt_redelivered"


@pytest.mark.parametrize(
    ("event_type", "transfer_fields", "status"),
    [
        ("transfer.created", {}, "paid"),
        ("transfer.reversed", {"amount_reversed": 25_000_000, "reversed": True}, "reversed"),
        ("transfer.reversed", {"amount_reversed": 5_000_000}, "partially_reversed"),
        ("transfer.updated", {"amount_reversed": 25_000_000, "reversed": True}, "reversed"),
        ("transfer.updated", {"amount_reversed": 5_000_000}, "partially_reversed"),
        ("transfer.updated", {"description": "renamed"}, None),
        ("transfer.paid", {}, "paid"),
        ("transfer.failed", {}, "failed"),
        ("payout.paid", {"object": "payout", "id": "po_1"}, None),
        ("payout.failed", {"object": "payout", "id": "po_1"}, None),
        ("balance.available", {"object": "balance"}, None),
        ("charge.succeeded", {"object": "charge", "id": "ch_1"}, None),
    ],
)
def test_reconcile_status_maps_event_types(stripe_standin, event_type, transfer_fields, status):
    body, header = signed_event(transfer_event(event_type, **transfer_fields), "whsec_test")

    assert reconcile_status(verify_webhook(body, header)) == status
