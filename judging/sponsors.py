"""Sponsor prizes: a company funds a prize through Stripe Checkout (DESIGN.md, docs/payments.md).

Invariants:

* A contribution is stored ``pending`` before the sponsor is sent to Stripe, and counts only after
  a verified ``checkout.session.completed`` whose session, **re-read from Stripe**, is ``paid`` in
  VND for exactly the contribution's amount and points back at the contribution. It is marked
  completed once: a repeated or late event changes nothing.
* Sponsor money is a separate fund shown as sponsor prizes. It never changes a policy's budget or
  its ledger, so the regulated budget and the four-eyes allocation stay what staff approved.
* The Checkout session is created with an Idempotency-Key derived from the contribution, so the
  SDK's retries after a timeout give the same session, never a second one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import rules
import stripe
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit import record
from judging import payments
from judging.actions import ActionRefused
from judging.models import AwardPolicy, SponsorContribution, SponsorStatus
from submissions.rules import is_org_editor

logger = logging.getLogger(__name__)

#: Owners and editors of an organisation may fund a sponsor prize in its name.
can_sponsor_for_organisation = is_org_editor
rules.add_perm("judging.sponsor_for_organisation", can_sponsor_for_organisation)

#: Checkout events this module handles; ``awards.webhook_apply`` sends them here.
CHECKOUT_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
    }
)


@dataclass(frozen=True)
class CheckoutSession:
    session_id: str
    url: str | None
    status: str | None
    payment_status: str | None
    amount_total: int | None
    currency: str | None
    payment_intent: str | None
    metadata: dict[str, str]
    client_reference_id: str | None


def idempotency_key_for(contribution_id: int) -> str:
    """The Idempotency-Key of a contribution's Checkout session: one session per contribution."""
    return f"qnoi-sponsor-{int(contribution_id)}-checkout-{payments.IDEMPOTENCY_KEY_VERSION}"


def policies_accepting_sponsors() -> QuerySet[AwardPolicy]:
    """Policies a company may still sponsor: no run of theirs is published yet, and their call
    (or, for a pool, one of its calls) is live."""
    return (
        AwardPolicy.objects.exclude(runs__published_at__isnull=False)
        .filter(Q(call__live=True) | Q(call__isnull=True, pool_calls__live=True))
        .distinct()
        .select_related("call")
        .order_by("name", "pk")
    )


# --- Stripe --------------------------------------------------------------------------------------


def _session(obj: Any) -> CheckoutSession:
    data = obj.to_dict(recursive=True) if hasattr(obj, "to_dict") else dict(obj)
    intent = data.get("payment_intent")
    if isinstance(intent, dict):
        intent = intent.get("id")
    amount = data.get("amount_total")
    return CheckoutSession(
        session_id=data["id"],
        url=data.get("url"),
        status=data.get("status"),
        payment_status=data.get("payment_status"),
        amount_total=None if amount is None else int(amount),
        currency=data.get("currency"),
        payment_intent=intent,
        metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
        client_reference_id=data.get("client_reference_id"),
    )


def create_checkout_session(
    contribution: SponsorContribution, *, success_url: str, cancel_url: str, locale: str
) -> CheckoutSession:
    """Create the Checkout session of ``contribution`` (mode payment, integer VND)."""
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payments.CURRENCY,
                    "unit_amount": contribution.amount,
                    "product_data": {
                        "name": contribution.prize_title,
                        "description": contribution.policy.name,
                    },
                },
            }
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": f"sponsor-{contribution.pk}",
        "locale": "en" if locale.startswith("en") else "vi",
        "metadata": {
            "contribution_id": str(contribution.pk),
            "policy_id": str(contribution.policy_id),
            "organisation_id": str(contribution.organisation_id),
        },
        "payment_intent_data": {
            "description": f"{contribution.prize_title} · {contribution.policy.name}",
            "metadata": {"contribution_id": str(contribution.pk)},
        },
    }
    key = idempotency_key_for(contribution.pk)
    try:
        session = payments._client().v1.checkout.sessions.create(params, {"idempotency_key": key})
    except stripe.StripeError as exc:
        raise payments._payment_error(exc) from exc
    return _session(session)


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    if not isinstance(session_id, str) or not session_id.startswith("cs_"):
        raise ValueError(f"session_id must be a Checkout session id, got {session_id!r}")
    try:
        session = payments._client().v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as exc:
        raise payments._payment_error(exc) from exc
    return _session(session)


# --- state changes -------------------------------------------------------------------------------


def contribution_start(
    *,
    organisation,
    policy: AwardPolicy,
    prize_title: str,
    amount: int,
    sponsor_name: str,
    message: str,
    actor,
    success_url: str,
    cancel_url: str,
    locale: str = "vi",
    request=None,
) -> tuple[SponsorContribution, str]:
    """Record a pending contribution, then create its Checkout session. Returns the contribution
    and the Stripe URL to send the sponsor to. The contribution counts only after the webhook."""
    with transaction.atomic():
        contribution = SponsorContribution.objects.create(
            organisation=organisation,
            started_by=actor,
            policy=policy,
            prize_title=prize_title,
            amount=amount,
            sponsor_name=sponsor_name,
            message=message,
        )
        record(
            actor=actor,
            action="sponsor.start",
            target=contribution,
            after={
                "organisation": organisation.pk,
                "policy": policy.pk,
                "amount": amount,
                "prize_title": prize_title,
            },
            request=request,
        )
    try:
        session = create_checkout_session(
            contribution, success_url=success_url, cancel_url=cancel_url, locale=locale
        )
    except payments.PaymentError as error:
        SponsorContribution.objects.filter(pk=contribution.pk).update(status=SponsorStatus.FAILED)
        record(
            actor=actor,
            action="sponsor.checkout_failed",
            target=contribution,
            after={"error": str(error)},
            request=request,
        )
        raise ActionRefused(
            _("Stripe could not start the payment. Nothing was charged; please try again later.")
        ) from error
    if not session.url:
        SponsorContribution.objects.filter(pk=contribution.pk).update(status=SponsorStatus.FAILED)
        raise ActionRefused(_("Stripe did not return a payment page; please try again later."))
    SponsorContribution.objects.filter(pk=contribution.pk).update(
        checkout_session_id=session.session_id
    )
    contribution.checkout_session_id = session.session_id
    return contribution, session.url


def _mismatch(contribution: SponsorContribution, session: CheckoutSession) -> dict[str, Any]:
    problems: dict[str, Any] = {}
    if session.amount_total != contribution.amount:
        problems["amount_total"] = session.amount_total
    if session.currency != payments.CURRENCY:
        problems["currency"] = session.currency
    if session.metadata.get("contribution_id") != str(contribution.pk):
        problems["contribution_id"] = session.metadata.get("contribution_id")
    return problems


def checkout_event_apply(event: payments.VerifiedEvent) -> None:
    """Apply a verified, first-seen ``checkout.session.*`` event (called by ``webhook_apply``
    inside its transaction).

    The session is re-read from Stripe, so a late or out-of-order event acts on Stripe's current
    state, not on the event's copy. A Stripe error propagates: the transaction (with the event id)
    rolls back, the endpoint answers 500 and Stripe delivers the event again.
    """
    if event.type not in CHECKOUT_EVENTS or not event.object_id:
        return
    contribution = (
        SponsorContribution.objects.select_for_update()
        .filter(checkout_session_id=event.object_id)
        .first()
    )
    if contribution is None:
        return
    session = retrieve_checkout_session(event.object_id)
    before = {"status": contribution.status}
    if event.type == "checkout.session.expired":
        if session.status == "expired" and contribution.status == SponsorStatus.PENDING:
            contribution.status = SponsorStatus.EXPIRED
            contribution.save(update_fields=["status"])
            record(
                actor=None,
                action="sponsor.expire",
                target=contribution,
                before=before,
                after={"status": contribution.status, "event": event.id},
            )
        return
    if contribution.status == SponsorStatus.COMPLETED or session.payment_status != "paid":
        return
    problems = _mismatch(contribution, session)
    if problems:
        logger.warning(
            "Sponsor contribution %s: Checkout session %s does not match: %s",
            contribution.pk,
            session.session_id,
            problems,
        )
        record(
            actor=None,
            action="sponsor.mismatch",
            target=contribution,
            before={"amount": contribution.amount, "currency": payments.CURRENCY},
            after={**problems, "event": event.id},
        )
        return
    contribution.status = SponsorStatus.COMPLETED
    contribution.completed_at = timezone.now()
    contribution.payment_intent_id = session.payment_intent or ""
    contribution.save(update_fields=["status", "completed_at", "payment_intent_id"])
    record(
        actor=None,
        action="sponsor.complete",
        target=contribution,
        before=before,
        after={
            "status": contribution.status,
            "amount": contribution.amount,
            "payment_intent": contribution.payment_intent_id,
            "event": event.id,
        },
    )


# --- reads ---------------------------------------------------------------------------------------


def completed_for_policies(policy_ids) -> QuerySet[SponsorContribution]:
    """Completed contributions of these policies, in the order they were paid."""
    return (
        SponsorContribution.objects.filter(policy_id__in=policy_ids, status=SponsorStatus.COMPLETED)
        .select_related("organisation")
        .order_by("completed_at", "pk")
    )
