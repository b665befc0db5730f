"""Stripe Connect payouts for awards: the only module that talks to Stripe.

Model-agnostic on purpose: it takes and returns plain values and frozen dataclasses, so the award
state changes (which own the database rows, the audit events and the budget ledger) stay in one
place and this module can be tested against the local stand-in in ``tests/stripe_standin.py``.

Invariants:

* Money is an ``int`` number of đồng. VND is a zero-decimal currency in Stripe, so the amount goes
  over the wire unchanged (no ×100).
* Every transfer carries an idempotency key derived from the award (``idempotency_key_for``), so a
  call repeated after a crash, a timeout or an SDK retry yields the same transfer, never a second
  one. Stripe forgets idempotency keys after 24 hours; the transfer is therefore also tagged with
  ``transfer_group`` and ``metadata[award_id]`` so that ``find_transfer`` finds it after that
  window; the caller looks before re-sending a payout that already went to Stripe. Every parameter
  of the request must be a pure function of immutable facts of the award, or a retry under the
  same key is refused as an idempotency conflict.
* Every connected account is created with an idempotency key derived from the organisation
  (``account_idempotency_key_for``), so a double click or a retried request makes one account.
* Webhooks are verified with the SDK's own signature check before anything is read from them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings

CURRENCY = "vnd"
IDEMPOTENCY_KEY_VERSION = "v1"
WEBHOOK_TOLERANCE_SECONDS = 300
# (connect, read) seconds for each HTTP attempt; the SDK's default read timeout is 80 s.
HTTP_TIMEOUT_SECONDS = (5.0, 30.0)
# Safe because every request we make is idempotent: GETs by nature, the transfer POST by its key.
MAX_NETWORK_RETRIES = 2

# Payout status strings returned by ``reconcile_status`` (the award model's choices must match).
STATUS_PAID = "paid"
STATUS_PARTIALLY_REVERSED = "partially_reversed"
STATUS_REVERSED = "reversed"
STATUS_FAILED = "failed"

_AWARD_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
# No hyphen in the scope, so "<award id>-<scope>-v1" can be split unambiguously from the right.
_SCOPE_RE = re.compile(r"^[a-z0-9_]{1,40}$")


class PaymentError(Exception):
    """A transfer or look-up failed. ``retryable`` says whether calling again may succeed.

    A retry is always safe for ``create_transfer`` with the same award (same idempotency key).
    """

    def __init__(self, code: str, message: str, *, retryable: bool) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retryable = retryable


class WebhookRejected(Exception):
    """The webhook must be answered with HTTP 400 and not processed."""


@dataclass(frozen=True)
class TransferResult:
    transfer_id: str
    amount: int
    currency: str
    destination: str
    created: datetime
    amount_reversed: int = 0
    reversed: bool = False
    replayed: bool = False
    """True when the transfer already existed: Stripe answered from its idempotency cache, or
    ``find_transfer`` found it."""

    @property
    def returned(self) -> int:
        """How many đồng of this transfer have come back to the platform (0 … ``amount``)."""
        returned = self.amount if self.reversed and not self.amount_reversed else 0
        return max(0, min(max(self.amount_reversed, returned), self.amount))

    @property
    def status(self) -> str:
        """The payout status this transfer means now: a Connect transfer is ``paid`` once it
        exists, then ``partially_reversed`` / ``reversed`` as money comes back."""
        return (
            _reversal_status(
                {
                    "amount": self.amount,
                    "amount_reversed": self.amount_reversed,
                    "reversed": self.reversed,
                }
            )
            or STATUS_PAID
        )


@dataclass(frozen=True)
class VerifiedEvent:
    id: str
    type: str
    created: int
    object_id: str | None
    data: dict[str, Any] = field(repr=False)
    """The event's ``data`` member: ``{"object": {...}, "previous_attributes": {...}?}``."""
    account: str | None = None
    """The connected account for Connect events, ``None`` for the platform's own."""
    livemode: bool = False


@dataclass(frozen=True)
class AccountStatus:
    """What Stripe says about a connected (Express) account, re-read rather than trusted."""

    account_id: str
    details_submitted: bool
    payouts_enabled: bool
    charges_enabled: bool = False

    @property
    def ready(self) -> bool:
        """Onboarding is finished and Stripe lets the account receive and pay out transfers."""
        return self.details_submitted and self.payouts_enabled


def account_idempotency_key_for(organisation_id: int) -> str:
    """The Idempotency-Key for creating ``organisation_id``'s connected account."""
    if isinstance(organisation_id, bool) or not isinstance(organisation_id, int):
        raise ValueError(f"organisation_id must be an int, not {type(organisation_id).__name__}")
    return f"qnoi-org-{organisation_id}-account-{IDEMPOTENCY_KEY_VERSION}"


def create_connected_account(
    *, organisation_id: int, country: str, recipient: bool = True
) -> AccountStatus:
    """Create the Express account that ``organisation_id``'s awards are paid into.

    Only stable parameters are sent (no names or e-mail addresses, which the owner gives Stripe
    during onboarding), so a repeat within Stripe's 24-hour idempotency window replays the same
    account instead of failing on changed parameters.
    """
    key = account_idempotency_key_for(organisation_id)
    params: dict[str, Any] = {
        "type": "express",
        "country": country,
        "business_type": "company",
        "capabilities": {"transfers": {"requested": True}},
        "metadata": {"organisation_id": str(organisation_id)},
    }
    if recipient:
        # A cross-border payee only receives transfers (Stripe's "recipient" service agreement).
        params["tos_acceptance"] = {"service_agreement": "recipient"}
    try:
        account = _client().v1.accounts.create(params, {"idempotency_key": key})
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    return _account_status(account)


def create_account_link(*, account_id: str, refresh_url: str, return_url: str) -> str:
    """A single-use Stripe onboarding URL for ``account_id`` (it expires after a few minutes;
    Stripe then sends the owner to ``refresh_url`` for a new one)."""
    _check_account_id(account_id)
    params = {
        "account": account_id,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": "account_onboarding",
    }
    try:
        link = _client().v1.account_links.create(params)
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    return str(link.url)


def retrieve_account(account_id: str) -> AccountStatus:
    _check_account_id(account_id)
    try:
        account = _client().v1.accounts.retrieve(account_id)
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    return _account_status(account)


def idempotency_key_for(award_id: str | int, attempt_scope: str = "transfer") -> str:
    """The Idempotency-Key for paying ``award_id``: the same award always gives the same key.

    ``attempt_scope`` exists for a deliberate second payment (e.g. ``"transfer2"`` after finance
    reverses the first one); a retry of the same payment must keep the same scope.
    """
    if isinstance(award_id, bool) or not isinstance(award_id, int | str):
        raise ValueError(f"award_id must be an int or str, not {type(award_id).__name__}")
    award = str(award_id)
    if not _AWARD_ID_RE.fullmatch(award):
        raise ValueError(f"award_id {award!r} must match {_AWARD_ID_RE.pattern}")
    if not _SCOPE_RE.fullmatch(attempt_scope):
        raise ValueError(f"attempt_scope {attempt_scope!r} must match {_SCOPE_RE.pattern}")
    return f"qnoi-award-{award}-{attempt_scope}-{IDEMPOTENCY_KEY_VERSION}"


def create_transfer(
    *,
    award_id: str | int,
    amount_vnd: int,
    destination_account: str,
    description: str,
    metadata: dict[str, str],
    attempt_scope: str = "transfer",
) -> TransferResult:
    """Send ``amount_vnd`` đồng to the connected account ``destination_account``.

    Raises ``ValueError`` before any request for a bad amount, destination or metadata, and
    ``PaymentError`` for anything Stripe or the network refused.
    """
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int):
        raise ValueError(f"amount_vnd must be an int, not {type(amount_vnd).__name__}")
    if amount_vnd <= 0:
        raise ValueError(f"amount_vnd must be positive, got {amount_vnd}")
    if not isinstance(destination_account, str) or not destination_account.startswith("acct_"):
        raise ValueError(
            f"destination_account must be a Stripe account id, got {destination_account!r}"
        )
    key = idempotency_key_for(award_id, attempt_scope)
    params: dict[str, Any] = {
        "amount": amount_vnd,
        "currency": CURRENCY,
        "destination": destination_account,
        "description": description,
        "transfer_group": transfer_group_for(award_id),
        "metadata": _metadata(metadata, award_id=str(award_id)),
    }
    try:
        transfer = _client().v1.transfers.create(params, {"idempotency_key": key})
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    return _transfer_result(transfer)


def transfer_group_for(award_id: str | int) -> str:
    """The ``transfer_group`` every transfer of ``award_id`` carries (``find_transfer`` lists it)."""
    return f"award-{award_id}"


def find_transfer(
    award_id: str | int, *, amount_vnd: int, destination_account: str
) -> TransferResult | None:
    """The transfer Stripe already holds for ``award_id``, or ``None``: the look-up that still
    works once Stripe has forgotten the idempotency key (after 24 hours).

    Lists the award's ``transfer_group`` and keeps the transfers whose ``metadata[award_id]`` is
    this award. One with this amount and destination is returned (the oldest, should there be
    several) with ``replayed=True``. A transfer of this award with another amount or destination
    raises a non-retryable ``PaymentError`` coded ``idempotency_conflict``: the award may be paid
    already, so it must not be paid again without someone looking.
    """
    idempotency_key_for(award_id)  # validates award_id
    award = str(award_id)
    params = {"transfer_group": transfer_group_for(award), "limit": 100}
    try:
        listed = _client().v1.transfers.list(params)
        candidates = [t for t in listed.auto_paging_iter() if _award_of(t) == award]
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    results = sorted((_transfer_result(t) for t in candidates), key=lambda t: t.created)
    for result in results:
        if result.amount == amount_vnd and result.destination == destination_account:
            return dataclasses.replace(result, replayed=True)
    if results:
        other = results[0]
        raise PaymentError(
            "idempotency_conflict",
            f"award {award} already has transfer {other.transfer_id} of {other.amount} VND to "
            f"{other.destination}, not {amount_vnd} VND to {destination_account}; refusing to pay "
            "it again",
            retryable=False,
        )
    return None


def retrieve_transfer(transfer_id: str) -> TransferResult:
    """Stripe's current state of a transfer: webhooks act on this, not on the event's copy."""
    if not isinstance(transfer_id, str) or not transfer_id.startswith("tr_"):
        raise ValueError(f"transfer_id must be a Stripe transfer id, got {transfer_id!r}")
    try:
        transfer = _client().v1.transfers.retrieve(transfer_id)
    except stripe.StripeError as exc:
        raise _payment_error(exc) from exc
    return _transfer_result(transfer)


def verify_webhook(payload: bytes, signature_header: str) -> VerifiedEvent:
    """Check the ``Stripe-Signature`` header over the raw body and parse the event.

    Rejects a wrong signature, a wrong secret and a timestamp older than 300 s (replay window).
    The same event may legitimately arrive more than once: deduplicating by ``id`` is the caller's
    job.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookRejected("STRIPE_WEBHOOK_SECRET is not configured")
    try:
        stripe.Webhook.construct_event(
            payload, signature_header, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected(str(exc)) from exc
    except ValueError as exc:  # not UTF-8, not JSON, or not a snapshot event
        raise WebhookRejected(f"malformed webhook payload: {exc}") from exc
    try:
        data = event["data"]
        obj = data.get("object") or {}
        return VerifiedEvent(
            id=str(event["id"]),
            type=str(event["type"]),
            created=int(event["created"]),
            object_id=obj.get("id"),
            data=data,
            account=event.get("account"),
            livemode=bool(event.get("livemode", False)),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise WebhookRejected(f"webhook payload is not a Stripe event: {exc!r}") from exc


def reconcile_status(event: VerifiedEvent) -> str | None:
    """The payout status that ``event`` implies for the award paid by ``event.object_id``.

    ==========================  =================================================================
    ``transfer.created``        ``paid``: a Connect transfer settles into the recipient's Stripe
                                balance when it is created; there is no pending state.
    ``transfer.reversed``       ``reversed`` when the whole amount came back, else
                                ``partially_reversed``.
    ``transfer.updated``        the same reversal reading of the object; ``None`` when nothing
                                about the money changed (description or metadata edits).
    ``transfer.paid`` /         ``paid`` / ``failed``: only sent to webhook endpoints pinned to an
    ``transfer.failed``         API version before 2017-04-06; kept so such an endpoint still works.
    ``payout.*``,               ``None``: a payout moves the recipient's whole balance to their
    ``balance.available``       bank and cannot be attributed to one award; staff watch those in
                                the Stripe dashboard.
    anything else               ``None``.
    ==========================  =================================================================

    Events can arrive late and out of order, so the caller applies only forward moves
    (paid → partially_reversed → reversed) and ignores an older ``paid`` after a reversal.
    """
    obj = event.data.get("object") or {}
    if obj.get("object") not in (None, "transfer"):
        return None
    match event.type:
        case "transfer.created" | "transfer.paid":
            return STATUS_PAID
        case "transfer.failed":
            return STATUS_FAILED
        case "transfer.reversed":
            return _reversal_status(obj) or STATUS_REVERSED
        case "transfer.updated":
            return _reversal_status(obj)
    return None


def reversed_amount(event: VerifiedEvent) -> int:
    """How many đồng of the transfer in ``event`` have come back to the platform so far."""
    obj = event.data.get("object") or {}
    if obj.get("object") not in (None, "transfer"):
        return 0
    amount = int(obj.get("amount") or 0)
    returned = int(obj.get("amount_reversed") or 0)
    if obj.get("reversed") and returned == 0:
        returned = amount
    return max(0, min(returned, amount))


def _reversal_status(transfer: dict[str, Any]) -> str | None:
    amount = int(transfer.get("amount") or 0)
    amount_reversed = int(transfer.get("amount_reversed") or 0)
    if transfer.get("reversed") or (amount and amount_reversed >= amount):
        return STATUS_REVERSED
    if amount_reversed > 0:
        return STATUS_PARTIALLY_REVERSED
    return None


def _client() -> stripe.StripeClient:
    api_key = settings.STRIPE_SECRET_KEY
    if not api_key:
        raise PaymentError("not_configured", "STRIPE_SECRET_KEY is not set", retryable=False)
    api_base = getattr(settings, "STRIPE_API_BASE", "") or None
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=HTTP_TIMEOUT_SECONDS),
    )


def _check_account_id(account_id: str) -> None:
    if not isinstance(account_id, str) or not account_id.startswith("acct_"):
        raise ValueError(f"account_id must be a Stripe account id, got {account_id!r}")


def _account_status(account: stripe.Account) -> AccountStatus:
    data = account.to_dict(recursive=False)
    return AccountStatus(
        account_id=data["id"],
        details_submitted=bool(data.get("details_submitted")),
        payouts_enabled=bool(data.get("payouts_enabled")),
        charges_enabled=bool(data.get("charges_enabled")),
    )


def _metadata(metadata: dict[str, str], *, award_id: str) -> dict[str, str]:
    clean: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str | int) or isinstance(value, bool):
            raise ValueError(f"metadata must map str to str or int, got {key!r}: {value!r}")
        clean[key] = str(value)
    if clean.setdefault("award_id", award_id) != award_id:
        raise ValueError(f"metadata award_id {clean['award_id']!r} is not {award_id!r}")
    return clean


def _award_of(transfer: stripe.Transfer) -> str | None:
    metadata = transfer.to_dict(recursive=True).get("metadata") or {}
    return metadata.get("award_id")


def _transfer_result(transfer: stripe.Transfer) -> TransferResult:
    data = transfer.to_dict(recursive=False)
    destination = data.get("destination")
    response = transfer.last_response
    return TransferResult(
        transfer_id=data["id"],
        amount=int(data["amount"]),
        currency=data["currency"],
        destination=destination if isinstance(destination, str) else destination.id,
        created=datetime.fromtimestamp(data["created"], tz=UTC),
        amount_reversed=int(data.get("amount_reversed") or 0),
        reversed=bool(data.get("reversed", False)),
        replayed=bool(response and response.headers.get("Idempotent-Replayed") == "true"),
    )


def _payment_error(exc: stripe.StripeError) -> PaymentError:
    message = exc.user_message or str(exc) or type(exc).__name__
    if isinstance(exc, stripe.IdempotencyError):
        return PaymentError(
            "idempotency_conflict",
            "this award was already sent to Stripe with different amount, destination or "
            f"metadata; refusing to pay it differently ({message})",
            retryable=False,
        )
    if isinstance(exc, stripe.APIConnectionError):
        return PaymentError("network_error", message, retryable=True)
    if isinstance(exc, stripe.RateLimitError):
        return PaymentError("rate_limited", message, retryable=True)
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        return PaymentError("not_authorised", message, retryable=False)
    if isinstance(exc, stripe.CardError | stripe.InvalidRequestError):
        return PaymentError(exc.code or "invalid_request", message, retryable=False)
    if isinstance(exc, stripe.APIError):
        return PaymentError("stripe_unavailable", message, retryable=True)
    return PaymentError(exc.code or "stripe_error", message, retryable=False)
