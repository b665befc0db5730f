"""State changes: one function per change, atomic, audited, side effects after commit."""

from __future__ import annotations

import html
import re
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import outbox
from cms.audit import client_ip, record
from submissions import tasks
from submissions.calls import (
    call_settings,
    canonical_call,
    categories,
    entrant_kind,
    local_date,
    reference_code,
)
from submissions.enums import (
    Eligibility,
    EntrantKind,
    MemberRole,
    QuestionKind,
    SubmissionStatus,
)
from submissions.models import (
    Answer,
    Attachment,
    CallQuestion,
    CallSequence,
    ClarificationQuestion,
    DraftSnapshot,
    FormerMembership,
    GuardianConsent,
    Invitation,
    Membership,
    Organisation,
    Participant,
    Submission,
    SubmissionTeamMember,
    SubmissionVersion,
)
from submissions.sanitize import clean_html, clean_text
from submissions.uploads import KINDS, safe_display_name, size_text, validate_upload
from submissions.versioning import canonical_json, content_sha256, format_reference

ORGANISATION_FIELDS = (
    "name",
    "tax_code",
    "address",
    "province",
    "sector",
    "size",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
PLAIN_DRAFT_FIELDS = ("title", "summary")
DRAFT_FIELDS = (
    "title",
    "summary",
    *Submission.RICH_TEXT_FIELDS,
    "requested_amount",
    "category_key",
)
REQUIRED_DRAFT_FIELDS = (
    "title",
    "summary",
    "description",
    "approach",
    "expected_impact",
    "implementation_plan",
)
BASE_ALLOWED_KINDS = frozenset({"pdf", "docx", "xlsx", "pptx", "png", "jpeg"})


class ActionRefused(Exception):
    """A state change that the rules refuse; ``message`` is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SubmissionClosed(ActionRefused):
    pass


class SubmissionIncomplete(ActionRefused):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(_("Some required parts are missing."))
        self.missing = missing


# --- organisations ------------------------------------------------------------------------


def _organisation_state(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


@transaction.atomic
def organisation_create(*, user, data: dict[str, Any], request=None) -> Organisation:
    organisation = Organisation(
        created_by=user, **{k: data.get(k, "") for k in ORGANISATION_FIELDS}
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
    record(
        actor=user,
        action="organisation.create",
        target=organisation,
        after=_organisation_state(organisation),
        request=request,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, user, data: dict[str, Any], request=None
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _organisation_state(organisation)
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    organisation.full_clean()
    organisation.save()
    record(
        actor=user,
        action="organisation.update",
        target=organisation,
        before=before,
        after=_organisation_state(organisation),
        request=request,
    )
    return organisation


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by, request=None
) -> Invitation:
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ActionRefused(_("This person is already a member."))
    # A new invitation replaces any earlier one still pending for the same address.
    now = timezone.now()
    organisation.invitations.filter(
        email=email, accepted_at=None, declined_at=None, revoked_at=None
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by, created_at=now
    )
    record(
        actor=invited_by,
        action="invitation.create",
        target=invitation,
        after={"organisation": organisation.pk, "email": email, "role": role},
        request=request,
    )
    outbox.enqueue(
        tasks.send_invitation.name,
        kwargs={"invitation_id": invitation.pk},
        dedup_key=f"invitation:{invitation.pk}",
    )
    return invitation


def _lock_invitation(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.is_used:
        raise ActionRefused(_("This invitation has already been used."))
    if locked.is_expired():
        raise ActionRefused(_("This invitation has expired. Ask for a new one."))
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user, request=None) -> Membership:
    invitation = _lock_invitation(invitation)
    if user.email.lower() != invitation.email:
        raise ActionRefused(
            _("This invitation was sent to another e-mail address. Sign in with that address.")
        )
    if Membership.objects.filter(organisation_id=invitation.organisation_id, user=user).exists():
        raise ActionRefused(_("You are already a member of this organisation."))
    membership = Membership.objects.create(
        organisation_id=invitation.organisation_id, user=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action="invitation.accept",
        target=invitation,
        after={"membership": membership.pk, "role": membership.role},
        request=request,
    )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user, request=None) -> Invitation:
    invitation = _lock_invitation(invitation)
    if user.email.lower() != invitation.email:
        raise ActionRefused(_("This invitation was sent to another e-mail address."))
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    record(actor=user, action="invitation.decline", target=invitation, request=request)
    return invitation


def _lock_members(organisation_id: int) -> list[Membership]:
    Organisation.objects.select_for_update().get(pk=organisation_id)
    return list(Membership.objects.select_for_update().filter(organisation_id=organisation_id))


def _owner_count_after(members: list[Membership], changed: Membership, new_role: str | None) -> int:
    count = 0
    for member in members:
        role = new_role if member.pk == changed.pk else member.role
        if role == MemberRole.OWNER:
            count += 1
    return count


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor, request=None) -> Membership:
    members = _lock_members(membership.organisation_id)
    membership = next(m for m in members if m.pk == membership.pk)
    if role not in MemberRole.values:
        raise ActionRefused(_("Unknown role."))
    if _owner_count_after(members, membership, role) < 1:
        raise ActionRefused(_("An organisation must keep at least one owner."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor=actor,
        action="membership.change_role",
        target=membership,
        before={"role": before},
        after={"role": role},
        request=request,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, request=None) -> None:
    """Remove a member (an owner's act) or leave (the member's own act)."""
    members = _lock_members(membership.organisation_id)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        return
    if _owner_count_after(members, membership, None) < 1:
        raise ActionRefused(
            _("An organisation must keep at least one owner. Transfer ownership first.")
        )
    action = "membership.leave" if actor.pk == membership.user_id else "membership.remove"
    # The history outlives the membership: conflict detection looks back three years.
    former = FormerMembership.objects.create(
        organisation_id=membership.organisation_id,
        user_id=membership.user_id,
        role=membership.role,
        joined_at=membership.created_at,
        left_at=timezone.now(),
        ended_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action=action,
        target=membership,
        before={"user": membership.user_id, "role": membership.role},
        after={"former_membership": former.pk, "left_at": former.left_at.isoformat()},
        request=request,
    )
    membership.delete()


@transaction.atomic
def organisation_transfer_ownership(
    *, organisation: Organisation, to_membership: Membership, actor, request=None
) -> None:
    members = _lock_members(organisation.pk)
    target = next((m for m in members if m.pk == to_membership.pk), None)
    mine = next((m for m in members if m.user_id == actor.pk), None)
    if target is None or mine is None or mine.role != MemberRole.OWNER:
        raise ActionRefused(_("Only an owner can transfer ownership to a member."))
    if target.pk == mine.pk:
        raise ActionRefused(_("Choose another member."))
    target.role = MemberRole.OWNER
    target.save(update_fields=["role"])
    mine.role = MemberRole.EDITOR
    mine.save(update_fields=["role"])
    record(
        actor=actor,
        action="organisation.transfer_ownership",
        target=organisation,
        before={"owner": actor.pk},
        after={"owner": target.user_id},
        request=request,
    )


# --- participants and guardian consent ------------------------------------------------------


@transaction.atomic
def participant_save(*, user, data: dict[str, Any], request=None) -> Participant:
    participant = Participant.objects.select_for_update().filter(user=user).first()
    before = None
    if participant is None:
        participant = Participant(user=user)
    else:
        before = {"guardian_email": participant.guardian_email}
    for name in ("full_name", "birth_date", "school", "guardian_name", "guardian_email"):
        setattr(participant, name, data.get(name, getattr(participant, name, "")) or "")
    participant.guardian_email = participant.guardian_email.strip().lower()
    participant.full_clean()
    participant.save()
    record(
        actor=user,
        action="participant.save",
        target=participant,
        before=before,
        after={"guardian_email": participant.guardian_email},
        request=request,
    )
    if participant.guardian_email and participant.consent() is None:
        guardian_consent_request(participant=participant, actor=user, request=request)
    return participant


@transaction.atomic
def guardian_consent_request(*, participant: Participant, actor, request=None) -> GuardianConsent:
    participant.consents.filter(consented_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    consent = GuardianConsent.objects.create(
        participant=participant,
        guardian_name=participant.guardian_name,
        guardian_email=participant.guardian_email,
    )
    record(
        actor=actor,
        action="guardian_consent.request",
        target=consent,
        after={"guardian_email": consent.guardian_email},
        request=request,
    )
    outbox.enqueue(
        tasks.send_guardian_consent_request.name,
        kwargs={"consent_id": consent.pk},
        dedup_key=f"consent:{consent.pk}",
    )
    return consent


@transaction.atomic
def guardian_consent_give(*, consent: GuardianConsent, request=None) -> GuardianConsent:
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at:
        raise ActionRefused(_("This consent link is no longer valid."))
    if consent.consented_at:
        return consent
    consent.consented_at = timezone.now()
    consent.ip_address = client_ip(request)
    consent.save(update_fields=["consented_at", "ip_address"])
    record(
        actor=None,
        action="guardian_consent.give",
        target=consent,
        after={"consented_at": consent.consented_at.isoformat(), "ip": consent.ip_address},
        request=request,
    )
    return consent


# --- submissions: drafting ----------------------------------------------------------------


def rich_text_from_input(value: str) -> str:
    """Typed plain text becomes paragraphs; anything with markup goes straight to the sanitiser."""
    value = (value or "").replace("\r\n", "\n").strip()
    if not value:
        return ""
    if not re.search(r"</?[a-zA-Z][^<>]*>|<!--", value):
        paragraphs = [p for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join(
            "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    return clean_html(value)


def _lock_entrant(organisation: Organisation | None, participant: Participant | None) -> None:
    if organisation is not None:
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if participant is not None:
        Participant.objects.select_for_update().filter(pk=participant.pk).first()


@transaction.atomic
def submission_create(
    *,
    call,
    user,
    organisation: Organisation | None = None,
    participant: Participant | None = None,
    request=None,
) -> Submission:
    call = canonical_call(call)
    if call is None:
        raise ActionRefused(_("This page does not accept submissions."))
    if not call.accepts_submissions():
        raise SubmissionClosed(_("This call is not open for submissions."))
    kind = entrant_kind(call)
    if kind == EntrantKind.ORGANISATION and organisation is None:
        raise ActionRefused(_("Submissions to this call are made by an organisation."))
    if kind == EntrantKind.PARTICIPANT and participant is None:
        raise ActionRefused(_("Entries to this contest are made by a registered participant."))
    if kind == EntrantKind.ORGANISATION:
        participant = None
    else:
        organisation = None
    _lock_entrant(organisation, participant)
    active = Submission.objects.active().filter(
        call=call, organisation=organisation, participant=participant
    )
    if active.count() >= call_settings(call).max_active_submissions:
        raise ActionRefused(_("You already have a submission to this call."))
    submission = Submission.objects.create(
        call=call,
        organisation=organisation,
        participant=participant,
        created_by=user,
        draft_saved_at=timezone.now(),
    )
    record(
        actor=user,
        action="submission.create",
        target=submission,
        after={"call": call.pk, "organisation": organisation and organisation.pk},
        request=request,
    )
    return submission


def _draft_content(submission: Submission) -> dict[str, Any]:
    return {name: getattr(submission, name) for name in DRAFT_FIELDS}


def _answer_value(question: CallQuestion, value: Any) -> Any:
    if value in (None, ""):
        return None
    if question.kind == QuestionKind.NUMBER:
        return str(value)
    if question.kind == QuestionKind.YES_NO:
        return bool(value) if isinstance(value, bool) else value in ("yes", "true", "on", "1")
    if question.kind == QuestionKind.LONG_TEXT:
        return clean_text(str(value))
    if question.kind == QuestionKind.TEXT:
        return clean_text(str(value), multiline=False)
    return str(value)


@transaction.atomic
def submission_save_draft(
    *,
    submission: Submission,
    user,
    data: dict[str, Any],
    answers: dict[str, Any] | None = None,
    base_revision: int | None = None,
    request=None,
) -> Submission:
    """Save the fields in ``data`` (already validated); absent fields are left as they are.

    A save based on an older revision (another tab) still wins, but when it changes anything
    the content it replaces is kept as a :class:`DraftSnapshot`, so nothing typed is ever
    lost. The returned submission's ``replaced_draft`` is that snapshot (else ``None``) and
    ``replaced_saved_at`` the time the replaced text had been saved.
    """
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if not submission.is_editable:
        raise SubmissionClosed(_("This call is closed; the draft can no longer be changed."))
    stale = base_revision is not None and base_revision != submission.draft_revision
    replaced = (
        {**_draft_content(submission), "answers": _answers_content(submission)} if stale else None
    )
    replaced_revision, replaced_saved_at = submission.draft_revision, submission.draft_saved_at
    changed: list[str] = []
    for name in DRAFT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in Submission.RICH_TEXT_FIELDS:
            value = rich_text_from_input(value or "")
        elif name in PLAIN_DRAFT_FIELDS:
            value = clean_text(value or "", multiline=name != "title")
        elif name == "category_key":
            value = value or ""
        if getattr(submission, name) != value:
            setattr(submission, name, value)
            changed.append(name)
    if answers:
        questions = {q.key: q for q in CallQuestion.objects.filter(call_id=submission.call_id)}
        existing = {a.question_id: a for a in submission.answers.all()}
        for key, raw in answers.items():
            question = questions.get(key)
            if question is None or question.kind == QuestionKind.FILE:
                continue
            value = _answer_value(question, raw)
            answer = existing.get(question.pk)
            if answer is None:
                Answer.objects.create(submission=submission, question=question, value=value)
                changed.append(f"q:{key}")
            elif answer.value != value:
                answer.value = value
                answer.save(update_fields=["value"])
                changed.append(f"q:{key}")
    snapshot = None
    if replaced is not None and changed:
        snapshot = DraftSnapshot.objects.create(
            submission=submission, revision=replaced_revision, content=replaced, saved_by=user
        )
    submission.draft_saved_at = timezone.now()
    if changed:
        submission.draft_revision = F("draft_revision") + 1
    submission.save()
    submission.refresh_from_db()
    if changed:
        after: dict[str, Any] = {"revision": submission.draft_revision, "fields": changed}
        if snapshot is not None:
            after["replaced_revision"] = replaced_revision
        record(
            actor=user,
            action="submission.save_draft",
            target=submission,
            after=after,
            request=request,
        )
    submission.replaced_draft = snapshot
    submission.replaced_saved_at = replaced_saved_at if snapshot is not None else None
    return submission


@transaction.atomic
def submission_restore_draft(
    *, submission: Submission, snapshot: DraftSnapshot, user, request=None
) -> Submission:
    """Put an earlier version back as the current draft. The current text is kept as a
    snapshot first, so a restore never loses anything (it can itself be restored)."""
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if not submission.is_editable:
        raise SubmissionClosed(_("This call is closed; the draft can no longer be changed."))
    if snapshot.submission_id != submission.pk:
        raise ActionRefused(_("This earlier version belongs to another draft."))
    kept = DraftSnapshot.objects.create(
        submission=submission,
        revision=submission.draft_revision,
        content={**_draft_content(submission), "answers": _answers_content(submission)},
        saved_by=user,
    )
    content = snapshot.content
    for name in DRAFT_FIELDS:
        if name in content:
            setattr(submission, name, content[name])
    restored_answers = content.get("answers") or {}
    questions = CallQuestion.objects.filter(call_id=submission.call_id).exclude(
        kind=QuestionKind.FILE
    )
    existing = {a.question_id: a for a in submission.answers.all()}
    for question in questions:
        value = restored_answers.get(question.key)
        answer = existing.get(question.pk)
        if answer is None:
            if value is not None:
                Answer.objects.create(submission=submission, question=question, value=value)
        elif answer.value != value:
            answer.value = value
            answer.save(update_fields=["value"])
    submission.draft_saved_at = timezone.now()
    submission.draft_revision = F("draft_revision") + 1
    submission.save()
    submission.refresh_from_db()
    record(
        actor=user,
        action="submission.restore_draft",
        target=submission,
        before={"revision": kept.revision, "kept_as": kept.pk},
        after={"revision": submission.draft_revision, "restored": snapshot.pk},
        request=request,
    )
    return submission


def _answers_content(submission: Submission) -> dict[str, Any]:
    return {a.question.key: a.value for a in submission.answers.select_related("question")}


@transaction.atomic
def attachment_add(
    *,
    submission: Submission,
    name: str,
    data,
    user,
    question: CallQuestion | None = None,
    request=None,
) -> Attachment:
    """Validate by content against the call's limits, then store under a generated name."""
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if not submission.is_editable:
        raise SubmissionClosed(_("This call is closed; the draft can no longer be changed."))
    limits = call_settings(submission.call)
    display = safe_display_name(name)
    current = submission.attachments.filter(removed_at=None)
    if current.count() >= limits.max_files:
        raise ActionRefused(
            ngettext(
                "“%(name)s” was not added: this call accepts at most %(count)s file.",
                "“%(name)s” was not added: this call accepts at most %(count)s files.",
                limits.max_files,
            )
            % {"name": display, "count": limits.max_files}
        )
    used = current.aggregate(total=Sum("size"))["total"] or 0
    room = limits.max_total_bytes - used
    check = validate_upload(
        name,
        data,
        allowed_kinds=BASE_ALLOWED_KINDS | ({"zip"} if limits.allow_zip else set()),
        max_bytes=limits.max_file_bytes,
        allow_zip=limits.allow_zip,
    )
    if check.size > room:
        raise ActionRefused(
            _("“%(name)s” was not added: all files together may not exceed %(limit)s.")
            % {"name": display, "limit": size_text(limits.max_total_bytes)}
        )
    if hasattr(data, "seek"):
        data.seek(0)
    content = data if isinstance(data, bytes) else data.read()
    attachment = Attachment(
        submission=submission,
        question=question,
        original_name=display,
        kind=check.kind,
        mime=check.mime,
        size=check.size,
        sha256=check.sha256,
        uploaded_by=user,
    )
    stored_name = Attachment.generated_name(KINDS[check.kind].extension)
    attachment.file.save(stored_name, ContentFile(content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    Submission.objects.filter(pk=submission.pk).update(
        draft_revision=F("draft_revision") + 1, draft_saved_at=timezone.now()
    )
    record(
        actor=user,
        action="attachment.add",
        target=attachment,
        after={"name": display, "kind": check.kind, "size": check.size, "sha256": check.sha256},
        request=request,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user, request=None) -> None:
    submission = (
        Submission.objects.select_for_update()
        .select_related("call")
        .get(pk=attachment.submission_id)
    )
    if not submission.is_editable:
        raise SubmissionClosed(_("This call is closed; the draft can no longer be changed."))
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    in_version = any(
        attachment.pk in [a["id"] for a in version.content.get("attachments", [])]
        for version in submission.versions.all()
    )
    record(
        actor=user,
        action="attachment.remove",
        target=attachment,
        before={"name": attachment.original_name, "sha256": attachment.sha256},
        request=request,
    )
    if in_version:
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
    else:
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
    Submission.objects.filter(pk=submission.pk).update(
        draft_revision=F("draft_revision") + 1, draft_saved_at=timezone.now()
    )


# --- submissions: checking and submitting -------------------------------------------------


def missing_parts(submission: Submission, *, now: datetime | None = None) -> list[str]:
    """Everything that stops this draft from being submitted, in words for the entrant."""
    from submissions.forms import DRAFT_FIELD_LABELS

    call = submission.call.specific
    missing: list[str] = []
    for name in REQUIRED_DRAFT_FIELDS:
        if not str(getattr(submission, name) or "").strip():
            missing.append(_("%(field)s is empty.") % {"field": DRAFT_FIELD_LABELS[name]})
    ceiling = getattr(call, "budget_ceiling", None)
    if entrant_kind(call) == EntrantKind.ORGANISATION and hasattr(call, "code"):
        if submission.requested_amount is None:
            missing.append(_("The requested amount is empty."))
        elif ceiling is not None and submission.requested_amount > ceiling:
            missing.append(_("The requested amount is above the call's budget ceiling."))
    call_categories = categories(call)
    people: list[Participant] = []
    members: list[SubmissionTeamMember] = []
    if submission.participant_id:
        members = list(submission.team_members.on_team().select_related("participant"))
        people = [submission.participant] + [m.participant for m in members]
    opening_day = local_date(call.opens_at)
    if call_categories:
        category = next((c for c in call_categories if c.key == submission.category_key), None)
        if category is None:
            missing.append(_("Choose a category."))
        elif people:
            # A team enters the age band of its oldest member.
            oldest = max(people, key=lambda person: person.age_on(opening_day))
            if not category.admits_age(oldest.age_on(opening_day)):
                missing.append(
                    _("%(name)s's age does not fit the category “%(category)s”.")
                    % {"name": oldest.full_name, "category": category.name}
                )
    for person in people:
        age = person.age_on(opening_day)
        min_age, max_age = getattr(call, "min_age", None), getattr(call, "max_age", None)
        if (min_age is not None and age < min_age) or (max_age is not None and age > max_age):
            missing.append(
                _("%(name)s's age is outside the contest's age range.") % {"name": person.full_name}
            )
    unconfirmed = [m.participant.full_name for m in members if m.confirmed_at is None]
    if unconfirmed:
        missing.append(
            _(
                "Not every team member has confirmed taking part yet: %(names)s. "
                "Each of them confirms through the link we e-mailed them."
            )
            % {"names": ", ".join(unconfirmed)}
        )
    for person in people:
        if person.is_minor_on(opening_day) and not person.has_consent():
            missing.append(
                _("%(name)s is under 18: a guardian must consent first.")
                % {"name": person.full_name}
            )
    answers = {a.question_id: a.value for a in submission.answers.all()}
    files = set(
        submission.attachments.filter(removed_at=None, question__isnull=False).values_list(
            "question_id", flat=True
        )
    )
    for question in CallQuestion.objects.filter(call_id=submission.call_id, required=True):
        if question.kind == QuestionKind.FILE:
            answered = question.pk in files
        else:
            answered = answers.get(question.pk) not in (None, "")
        if not answered:
            missing.append(
                _("The question “%(question)s” is not answered.")
                % {"question": question.display_label}
            )
    return missing


def version_content(submission: Submission) -> dict[str, Any]:
    """What a version freezes: the draft, the answers, attachment hashes, the entrant."""
    attachments = submission.attachments.filter(removed_at=None).order_by("pk")
    return {
        "call": submission.call_id,
        "entrant": {
            "organisation": submission.organisation_id,
            "participant": submission.participant_id,
            "team": sorted(
                submission.team_members.on_team().values_list("participant_id", flat=True)
            ),
        },
        "fields": {
            name: getattr(submission, name)
            for name in DRAFT_FIELDS
            if name != "category_key" or submission.category_key
        },
        "answers": _answers_content(submission),
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "question": a.question.key if a.question_id else None,
            }
            for a in attachments.select_related("question")
        ],
    }


def _next_number(call_id: int) -> int:
    sequence, _created = CallSequence.objects.get_or_create(call_id=call_id)
    CallSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return CallSequence.objects.values_list("last_number", flat=True).get(pk=sequence.pk)


@transaction.atomic
def submission_submit(
    *, submission: Submission, user, request=None, now: datetime | None = None
) -> tuple[SubmissionVersion, bool]:
    """Freeze the draft as a new version. Returns ``(version, created)``.

    The submission row is locked first, and a version is unique per draft revision, so two
    clicks racing on the same draft produce one version: the second gets the first's.
    """
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if not submission.call_accepts_submissions(now):
        raise SubmissionClosed(
            _("Submissions to this call closed at %(time)s (Asia/Ho_Chi_Minh). Your draft is kept.")
            % {
                "time": timezone.localtime(submission.call.specific.closes_at).strftime(
                    "%H:%M %d/%m/%Y"
                )
            }
        )
    existing = submission.versions.filter(draft_revision=submission.draft_revision).first()
    if existing is not None and submission.status == SubmissionStatus.SUBMITTED:
        return existing, False
    missing = missing_parts(submission, now=now)
    if missing:
        raise SubmissionIncomplete(missing)
    if not submission.reference:
        submission.sequence_number = _next_number(submission.call_id)
        submission.reference = format_reference(
            reference_code(submission.call.specific), submission.sequence_number
        )
    content = version_content(submission)
    content["reference"] = submission.reference
    canonical = canonical_json(content)
    number = (submission.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            version = SubmissionVersion.objects.create(
                submission=submission,
                number=number,
                reference=submission.reference,
                draft_revision=submission.draft_revision,
                content=content,
                canonical_json=canonical,
                sha256=content_sha256(canonical),
                created_at=now,
                created_by=user,
            )
    except IntegrityError:
        version = submission.versions.filter(draft_revision=submission.draft_revision).first()
        if version is None:
            raise
        return version, False
    before = submission.status
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.withdrawn_at = None
    submission.save(
        update_fields=["status", "submitted_at", "withdrawn_at", "reference", "sequence_number"]
    )
    record(
        actor=user,
        action="submission.submit",
        target=submission,
        before={"status": before},
        after={
            "status": submission.status,
            "version": version.number,
            "reference": version.reference,
            "sha256": version.sha256,
        },
        request=request,
    )
    outbox.enqueue(
        tasks.send_submission_receipt.name,
        kwargs={"version_id": version.pk},
        dedup_key=f"receipt:{version.pk}",
    )
    return version, True


@transaction.atomic
def submission_withdraw(
    *, submission: Submission, user, request=None, now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if not submission.call_accepts_submissions(now):
        raise SubmissionClosed(_("The deadline has passed; the submission can no longer change."))
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ActionRefused(_("Only a submitted entry can be withdrawn."))
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = now
    # A new submit after withdrawing is a new version even if nothing else changes.
    submission.draft_revision = F("draft_revision") + 1
    submission.save(update_fields=["status", "withdrawn_at", "draft_revision"])
    submission.refresh_from_db()
    record(
        actor=user,
        action="submission.withdraw",
        target=submission,
        before={"status": SubmissionStatus.SUBMITTED},
        after={"status": submission.status},
        request=request,
    )
    return submission


@transaction.atomic
def submission_decide_eligibility(
    *, submission: Submission, eligibility: str, reason: str, actor, request=None
) -> Submission:
    if eligibility not in Eligibility.values:
        raise ActionRefused(_("Unknown eligibility decision."))
    reason = clean_text(reason or "")
    if eligibility == Eligibility.INELIGIBLE and not reason:
        raise ValidationError({"reason": _("Give a reason for an ineligible decision.")})
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    before = {"eligibility": submission.eligibility, "reason": submission.eligibility_reason}
    submission.eligibility = eligibility
    submission.eligibility_reason = reason
    submission.eligibility_decided_at = timezone.now()
    submission.eligibility_decided_by = actor
    submission.save(
        update_fields=[
            "eligibility",
            "eligibility_reason",
            "eligibility_decided_at",
            "eligibility_decided_by",
        ]
    )
    record(
        actor=actor,
        action="submission.decide_eligibility",
        target=submission,
        before=before,
        after={"eligibility": eligibility, "reason": reason},
        request=request,
    )
    return submission


def _lock_team_submission(submission_id: int) -> Submission:
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission_id)
    if not submission.is_editable:
        raise SubmissionClosed(_("This call is closed; the draft can no longer be changed."))
    return submission


def _send_team_invitation(member: SubmissionTeamMember, *, now: datetime) -> None:
    """A new nonce (earlier links stop working) and an e-mail with the signed link."""
    member.invitation_nonce = secrets.token_hex(16)
    member.invited_at = now
    member.confirmed_at = None
    member.declined_at = None
    member.ip_address = None
    member.save(
        update_fields=[
            "invitation_nonce",
            "invited_at",
            "confirmed_at",
            "declined_at",
            "ip_address",
        ]
    )
    outbox.enqueue(
        tasks.send_team_invitation.name,
        kwargs={"member_id": member.pk, "nonce": member.invitation_nonce},
        dedup_key=f"team-invitation:{member.pk}:{member.invitation_nonce}",
    )


@transaction.atomic
def team_member_add(
    *, submission: Submission, participant: Participant, user, request=None
) -> SubmissionTeamMember:
    """Add a registered participant to a team entry and e-mail them a link to confirm.

    Adding someone already invited sends a fresh link; adding someone who declined invites
    them again. Other members' confirmations are never touched.
    """
    submission = _lock_team_submission(submission.pk)
    if submission.participant_id is None:
        raise ActionRefused(_("Only individual entries can list team members."))
    if participant.pk == submission.participant_id:
        raise ActionRefused(_("The team lead is already on the team."))
    now = timezone.now()
    member, created = SubmissionTeamMember.objects.select_for_update().get_or_create(
        submission=submission, participant=participant, defaults={"added_at": now}
    )
    if member.confirmed_at and not member.declined_at:
        raise ActionRefused(
            _("%(name)s has already confirmed and is on the team.")
            % {"name": participant.full_name}
        )
    rejoining = member.declined_at is not None
    _send_team_invitation(member, now=now)
    if created or rejoining:
        Submission.objects.filter(pk=submission.pk).update(draft_revision=F("draft_revision") + 1)
    record(
        actor=user,
        action="submission.team_member_add"
        if created or rejoining
        else "submission.team_member_reinvite",
        target=submission,
        after={"participant": participant.pk, "member": member.pk},
        request=request,
    )
    return member


@transaction.atomic
def team_member_remove(*, member: SubmissionTeamMember, user, request=None) -> None:
    """The entrant takes a member off the team; the others keep their confirmations."""
    submission = _lock_team_submission(member.submission_id)
    member = SubmissionTeamMember.objects.select_for_update().filter(pk=member.pk).first()
    if member is None:
        return
    record(
        actor=user,
        action="submission.team_member_remove",
        target=submission,
        before={
            "participant": member.participant_id,
            "status": member.status.value,
            "confirmed_at": member.confirmed_at and member.confirmed_at.isoformat(),
        },
        request=request,
    )
    was_on_team = member.declined_at is None
    member.delete()
    if was_on_team:
        Submission.objects.filter(pk=submission.pk).update(draft_revision=F("draft_revision") + 1)


def _lock_team_invitation(
    member: SubmissionTeamMember, *, nonce: str, user
) -> SubmissionTeamMember:
    locked = (
        SubmissionTeamMember.objects.select_for_update()
        .select_related("participant")
        .filter(pk=member.pk)
        .first()
    )
    if locked is None or locked.participant.user_id != getattr(user, "pk", None):
        raise ActionRefused(_("This link is not for you."))
    if not locked.invitation_nonce or not secrets.compare_digest(locked.invitation_nonce, nonce):
        raise ActionRefused(_("This link has already been used or was replaced by a newer one."))
    if not locked.invitation_usable(nonce):
        raise ActionRefused(_("This link has expired. Ask the team lead to add you again."))
    return locked


@transaction.atomic
def team_member_confirm(
    *, member: SubmissionTeamMember, nonce: str, user, request=None
) -> SubmissionTeamMember:
    """The member confirms taking part (time and IP recorded); the link is used up."""
    member = _lock_team_invitation(member, nonce=nonce, user=user)
    member.confirmed_at = timezone.now()
    member.ip_address = client_ip(request)
    member.invitation_nonce = ""
    member.save(update_fields=["confirmed_at", "ip_address", "invitation_nonce"])
    record(
        actor=user,
        action="submission.team_member_confirm",
        target=member.submission,
        after={
            "participant": member.participant_id,
            "confirmed_at": member.confirmed_at.isoformat(),
            "ip": member.ip_address,
        },
        request=request,
    )
    return member


@transaction.atomic
def team_member_decline(
    *, member: SubmissionTeamMember, nonce: str, user, request=None
) -> SubmissionTeamMember:
    """The member declines: off the team; the row stays so the entrant sees the answer."""
    member = _lock_team_invitation(member, nonce=nonce, user=user)
    member.declined_at = timezone.now()
    member.ip_address = client_ip(request)
    member.invitation_nonce = ""
    member.save(update_fields=["declined_at", "ip_address", "invitation_nonce"])
    Submission.objects.filter(pk=member.submission_id).update(
        draft_revision=F("draft_revision") + 1
    )
    record(
        actor=user,
        action="submission.team_member_decline",
        target=member.submission,
        after={"participant": member.participant_id, "declined_at": member.declined_at.isoformat()},
        request=request,
    )
    return member


# --- calls --------------------------------------------------------------------------------


@transaction.atomic
def call_extend_deadline(*, call, closes_at: datetime, actor, request=None):
    """Move a call's closing time later, on every translation of the page, and publish it."""
    call = canonical_call(call)
    if not getattr(actor, "is_staff", False):
        raise ActionRefused(_("Only programme staff can extend a deadline."))
    if closes_at <= call.closes_at:
        raise ValidationError(
            {"closes_at": _("The new deadline must be later than the current one.")}
        )
    before = call.closes_at
    for page in type(call).objects.filter(translation_key=call.translation_key):
        page.closes_at = closes_at
        if page.judging_starts_at and page.judging_starts_at < closes_at:
            page.judging_starts_at = closes_at
        if page.results_expected_at and page.results_expected_at < closes_at:
            page.results_expected_at = closes_at
        revision = page.save_revision(user=actor, log_action=True)
        if page.live:
            # Staff-only action (checked above); page publishing rights are an editor's matter.
            revision.publish(user=actor, skip_permission_checks=True)
    record(
        actor=actor,
        action="call.extend_deadline",
        target=call,
        before={"closes_at": before.isoformat()},
        after={"closes_at": closes_at.isoformat()},
        request=request,
    )
    return call


@transaction.atomic
def clarification_ask(*, call, user, question: str, request=None) -> ClarificationQuestion:
    call = canonical_call(call)
    text = clean_text(question or "")
    if not text:
        raise ValidationError({"question": _("Write your question.")})
    asked = ClarificationQuestion.objects.create(call=call, asked_by=user, question=text)
    record(actor=user, action="clarification.ask", target=asked, request=request)
    return asked


@transaction.atomic
def clarification_answer(
    *,
    question: ClarificationQuestion,
    answer: str,
    publish: bool,
    actor,
    question_en: str | None = None,
    answer_en: str | None = None,
    request=None,
) -> ClarificationQuestion:
    """Answer (and publish) a question. The English texts are left as they are when not given."""
    question = ClarificationQuestion.objects.select_for_update().get(pk=question.pk)
    fields = ("answer", "question_en", "answer_en", "is_published")
    before = {name: getattr(question, name) for name in fields}
    question.answer = clean_text(answer or "")
    if question_en is not None:
        question.question_en = clean_text(question_en)
    if answer_en is not None:
        question.answer_en = clean_text(answer_en)
    question.is_published = bool(publish and question.answer)
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.save()
    record(
        actor=actor,
        action="clarification.answer",
        target=question,
        before=before,
        after={name: getattr(question, name) for name in fields},
        request=request,
    )
    return question
