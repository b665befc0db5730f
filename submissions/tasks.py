"""Thin Celery tasks: take ids, load, send. Each is safe to run twice."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from submissions.calls import localized_call
from submissions.enums import MemberRole, ReminderKind, SubmissionStatus
from submissions.models import (
    GuardianConsent,
    Invitation,
    ReminderSent,
    SentEmail,
    Submission,
    SubmissionTeamMember,
    SubmissionVersion,
)

logger = logging.getLogger(__name__)

REMINDER_LEADS: dict[str, timedelta] = {
    ReminderKind.SEVEN_DAYS: timedelta(days=7),
    ReminderKind.ONE_DAY: timedelta(days=1),
}


def absolute_url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(template: str, context: dict, recipients: list[str], language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"submissions/email/{template}_subject.txt", context)
        body = render_to_string(f"submissions/email/{template}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def _language_of(user) -> str:
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE


def _once(key: str) -> bool:
    """True the first time ``key`` is claimed."""
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def entrant_recipients(submission: Submission) -> list[tuple[str, str]]:
    """(e-mail, language) of the people who act for the entrant: owners/editors or the person."""
    if submission.organisation_id:
        memberships = submission.organisation.memberships.filter(
            role__in=[MemberRole.OWNER, MemberRole.EDITOR]
        ).select_related("user")
        return [(m.user.email, _language_of(m.user)) for m in memberships]
    user = submission.participant.user
    return [(user.email, _language_of(user))]


@shared_task(name="submissions.send_invitation")
def send_invitation(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return
    if not _once(f"invitation:{invitation.pk}"):
        return
    language = _language_of(invitation.invited_by)
    context = {
        "invitation": invitation,
        "url": absolute_url("submissions:invitation", language, token=invitation.token),
    }
    _send("invitation", context, [invitation.email], language)


@shared_task(name="submissions.send_guardian_consent_request")
def send_guardian_consent_request(consent_id: int) -> None:
    consent = GuardianConsent.objects.select_related("participant__user").filter(pk=consent_id)
    consent = consent.first()
    if consent is None or consent.consented_at or consent.revoked_at:
        return
    if not _once(f"consent:{consent.pk}"):
        return
    language = settings.LANGUAGE_CODE
    context = {
        "consent": consent,
        "participant": consent.participant,
        "url": absolute_url("submissions:guardian_consent", language, token=consent.token),
    }
    _send("guardian_consent", context, [consent.guardian_email], language)


@shared_task(name="submissions.send_team_invitation")
def send_team_invitation(member_id: int, nonce: str) -> None:
    """The link in this e-mail is the member's only way to confirm: sent once per nonce."""
    member = (
        SubmissionTeamMember.objects.select_related("submission__call", "participant__user")
        .filter(pk=member_id)
        .first()
    )
    if member is None or member.invitation_nonce != nonce or not member.invitation_usable(nonce):
        return
    if not _once(f"team-invitation:{member.pk}:{nonce}"):
        return
    user = member.participant.user
    language = _language_of(user)
    with translation.override(language):
        call_title = localized_call(member.submission.call.specific).title
    context = {
        "member": member,
        "submission": member.submission,
        "call_title": call_title,
        "expires_at": member.invitation_expires_at(),
        "url": absolute_url(
            "submissions:team_confirmation", language, token=member.confirmation_token
        ),
    }
    _send("team_invitation", context, [user.email], language)


@shared_task(name="submissions.send_submission_receipt")
def send_submission_receipt(version_id: int) -> None:
    version = (
        SubmissionVersion.objects.select_related(
            "submission__call", "submission__organisation", "submission__participant__user"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None or not _once(f"receipt:{version.pk}"):
        return
    submission = version.submission
    for email, language in entrant_recipients(submission):
        context = {
            "version": version,
            "submission": submission,
            "call": submission.call,
            "url": absolute_url(
                "submissions:version", language, pk=submission.pk, number=version.number
            ),
        }
        _send("receipt", context, [email], language)


def reminder_kind_due(closes_at: datetime, now: datetime) -> str | None:
    """The tightest reminder whose lead time has been reached before ``closes_at``."""
    left = closes_at - now
    if left <= timedelta(0):
        return None
    if left <= REMINDER_LEADS[ReminderKind.ONE_DAY]:
        return ReminderKind.ONE_DAY
    if left <= REMINDER_LEADS[ReminderKind.SEVEN_DAYS]:
        return ReminderKind.SEVEN_DAYS
    return None


@shared_task(name="submissions.send_deadline_reminders")
def send_deadline_reminders(now_iso: str | None = None) -> int:
    """Remind entrants with unsubmitted drafts, 7 days and 1 day before closing, once each.

    Each e-mail is claimed (``SentEmail``) in the same transaction as its send, so a failed send
    keeps no claim; ``ReminderSent`` is written only once every recipient has had the e-mail.
    A reminder that failed is therefore retried by the next hourly run, to the missing people
    only. Submitted and withdrawn entries are not drafts and get no reminder.
    """
    from submissions.calls import as_call

    now = datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    sent = 0
    drafts = Submission.objects.filter(status=SubmissionStatus.DRAFT).select_related(
        "call", "organisation", "participant__user"
    )
    for submission in drafts:
        call = as_call(submission.call)
        if call is None or not call.accepts_submissions(now):
            continue
        kind = reminder_kind_due(call.closes_at, now)
        if kind is None or ReminderSent.objects.filter(submission=submission, kind=kind).exists():
            continue
        if _send_reminder(submission, call, kind):
            with contextlib.suppress(IntegrityError), transaction.atomic():
                ReminderSent.objects.create(
                    submission=submission, kind=kind, closes_at=call.closes_at
                )
                sent += 1
    return sent


def _reminder_key(submission: Submission, kind: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"reminder:{submission.pk}:{kind}:{digest}"


def _send_reminder(submission: Submission, call, kind: str) -> bool:
    """Send the reminder to every recipient not reached yet. True when all have it."""
    complete = True
    for email, language in entrant_recipients(submission):
        context = {
            "submission": submission,
            "call": call,
            "kind": kind,
            "url": absolute_url("submissions:edit", language, pk=submission.pk),
        }
        try:
            with transaction.atomic():
                SentEmail.objects.create(key=_reminder_key(submission, kind, email))
                _send("reminder", context, [email], language)
        except IntegrityError:
            continue  # this person already has it
        except Exception as error:  # SMTP or network: no claim was kept, the next run retries
            logger.warning("Reminder %s for submission %s not sent: %s", kind, submission.pk, error)
            complete = False
    return complete
