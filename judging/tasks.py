"""Thin Celery tasks: take ids, load, send. Each is safe to run twice: a ``ReminderSent`` row
(unique per assignment and kind) is claimed before an e-mail goes out, in the same transaction as
the send, so a mail server's refusal leaves no claim behind and a retry sends the e-mail."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

#: Add to ``CELERY_BEAT_SCHEDULE`` in cms/settings.py.
BEAT_SCHEDULE = {
    "judging-due-reminders": {
        "task": "judging.send_due_reminders",
        "schedule": crontab(minute=15),
    },
}

logger = logging.getLogger(__name__)

#: An e-mail the mail server refused is retried, backing off from a minute up to an hour.
MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "max_retries": 8,
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
}

#: Judges with unsubmitted reviews are reminded this long before the round's due date.
REMINDER_LEAD = timedelta(days=2)


def _language_of(user) -> str:
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(template: str, context: dict, recipient: str, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"judging/email/{template}_subject.txt", context)
        body = render_to_string(f"judging/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient])


def _claim(assignment_ids: list[int], kind: str) -> list[int]:
    """The ids for which this run is the first to record ``kind``."""
    from judging.models import ReminderSent

    claimed = []
    for assignment_id in assignment_ids:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(assignment_id=assignment_id, kind=kind)
        except IntegrityError:
            continue
        claimed.append(assignment_id)
    return claimed


@shared_task(name="judging.send_panel_invitation", **MAIL_RETRY)
def send_panel_invitation(invitation_id: int) -> None:
    from judging.models import PanelInvitation

    invitation = PanelInvitation.objects.select_related("panel", "invited_by").filter(
        pk=invitation_id
    )
    invitation = invitation.first()
    if invitation is None or not invitation.is_usable():
        return
    with transaction.atomic():
        claimed = PanelInvitation.objects.filter(pk=invitation.pk, sent_at=None).update(
            sent_at=timezone.now()
        )
        if not claimed:
            return
        language = _language_of(invitation.invited_by)
        context = {
            "invitation": invitation,
            "url": _url("judging:invitation", language, token=invitation.token),
        }
        _send("invitation", context, invitation.email, language)


@shared_task(name="judging.notify_judge_assignments", **MAIL_RETRY)
def notify_judge_assignments(round_id: int, judge_id: int) -> None:
    """Tell a judge about their new assignments in a round, with the due date (once each)."""
    from judging.enums import ReminderKind
    from judging.models import Assignment

    assignments = list(
        Assignment.objects.active()
        .filter(round_id=round_id, judge_id=judge_id)
        .select_related("round", "judge")
    )
    with transaction.atomic():
        claimed = set(_claim([a.pk for a in assignments], ReminderKind.ASSIGNED))
        new = [a for a in assignments if a.pk in claimed]
        if not new:
            return
        judge = new[0].judge
        language = _language_of(judge)
        context = {
            "judge": judge,
            "round": new[0].round,
            "count": len(new),
            "due_at": timezone.localtime(new[0].round.due_at),
            "url": _url("judging:home", language),
        }
        _send("assigned", context, judge.email, language)


@shared_task(name="judging.send_due_reminders")
def send_due_reminders() -> int:
    """One reminder per unfinished assignment when its round is due within ``REMINDER_LEAD``."""
    from judging.enums import ReminderKind, ReviewStatus
    from judging.models import Assignment

    now = timezone.now()
    due = (
        Assignment.objects.active()
        .filter(round__due_at__gt=now, round__due_at__lte=now + REMINDER_LEAD)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .exclude(reminders__kind=ReminderKind.DUE_SOON)
        .select_related("round", "judge")
        .order_by("judge_id", "pk")
    )
    by_judge: dict[int, list] = {}
    for assignment in due:
        by_judge.setdefault(assignment.judge_id, []).append(assignment)
    sent = 0
    for assignments in by_judge.values():
        try:
            with transaction.atomic():
                claimed = set(_claim([a.pk for a in assignments], ReminderKind.DUE_SOON))
                pending = [a for a in assignments if a.pk in claimed]
                if not pending:
                    continue
                judge = pending[0].judge
                language = _language_of(judge)
                context = {
                    "judge": judge,
                    "count": len(pending),
                    "due_at": timezone.localtime(min(a.round.due_at for a in pending)),
                    "url": _url("judging:home", language),
                }
                _send("reminder", context, judge.email, language)
        except (smtplib.SMTPException, OSError) as error:
            # No claim is kept: the next hourly run reminds this judge.
            logger.warning("Due reminder to judge %s not sent: %s", assignments[0].judge_id, error)
            continue
        sent += 1
    return sent


def _entrant_users(submission) -> list:
    if submission.organisation_id:
        return [m.user for m in submission.organisation.memberships.all()]
    if submission.participant_id:
        return [submission.participant.user]
    return []


@shared_task(
    bind=True, name="judging.notify_award_decisions", max_retries=MAIL_RETRY["max_retries"]
)
def notify_award_decisions(self, run_id: int) -> int:
    """Tell every entrant of a published run their own decision, once per (decision, person),
    in that person's language.

    The ``AwardNotice`` row and the e-mail share one transaction: a failed send leaves no row, so
    the task's retry (after the others were sent) sends exactly the missing e-mails.
    """
    from judging.models import AllocationDecision, AwardNotice

    decisions = (
        AllocationDecision.objects.filter(run_id=run_id, run__published_at__isnull=False)
        .select_related("run__policy", "submission__participant__user")
        .prefetch_related("submission__organisation__memberships__user")
        .order_by("position")
    )
    sent = 0
    failure: Exception | None = None
    for decision in decisions:
        for user in _entrant_users(decision.submission):
            language = _language_of(user)
            page_id = decision.submission.call_id
            context = {
                "decision": decision,
                "policy": decision.run.policy,
                "explanation": (
                    decision.explanation_en if language == "en" else decision.explanation_vi
                ),
                "url": _url("judging:results", language, page_id=page_id),
            }
            try:
                with transaction.atomic():
                    AwardNotice.objects.create(decision=decision, user=user)
                    _send("decision", context, user.email, language)
            except IntegrityError:
                continue
            except (smtplib.SMTPException, OSError) as error:  # no row kept: the retry sends it
                logger.warning("Award notice for decision %s not sent: %s", decision.pk, error)
                failure = failure or error
                continue
            sent += 1
    if failure is not None:
        countdown = min(
            MAIL_RETRY["retry_backoff"] * 2**self.request.retries, MAIL_RETRY["retry_backoff_max"]
        )
        raise self.retry(exc=failure, countdown=countdown)
    return sent


#: Task-level retries of a payout after the SDK's own quick retries gave up: 30 s, 1 min, 2 min …
#: capped at an hour. Stripe keeps an idempotency key for 24 hours; these end well inside that.
PAYOUT_MAX_RETRIES = 8
PAYOUT_BACKOFF_BASE_SECONDS = 30
PAYOUT_BACKOFF_MAX_SECONDS = 60 * 60


def payout_retry_countdown(retries: int) -> int:
    """Seconds before retry number ``retries + 1``: exponential, capped."""
    return min(PAYOUT_BACKOFF_BASE_SECONDS * 2**retries, PAYOUT_BACKOFF_MAX_SECONDS)


@shared_task(bind=True, name="judging.pay_award", max_retries=PAYOUT_MAX_RETRIES)
def pay_award(self, payout_id: int) -> str:
    """Make the Stripe transfer of a requested payout; safe to run twice (the award's idempotency
    key makes a repeat replay the same transfer, and the ledger moves only on the first paid)."""
    from judging import awards, payments

    final = self.request.retries >= self.max_retries
    try:
        payout = awards.payout_send(payout_id=payout_id, final_attempt=final)
    except payments.PaymentError as error:
        raise self.retry(
            exc=error, countdown=payout_retry_countdown(self.request.retries)
        ) from error
    return payout.status
