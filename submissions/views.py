"""Pages for entrants. Views orchestrate: load with a permission check (404 when refused),
validate a form, call one state change, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views import csrf as django_csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from submissions import actions, reads
from submissions.calls import (
    call_settings,
    canonical_call,
    entrant_kind,
    local_date,
    localized_call,
)
from submissions.enums import EntrantKind, MemberRole, SubmissionStatus
from submissions.forms import (
    DRAFT_FIELD_LABELS,
    AttachmentForm,
    ClarificationForm,
    InvitationForm,
    NewSubmissionForm,
    OrganisationForm,
    ParticipantForm,
    RoleForm,
    SubmissionForm,
    TeamMemberForm,
    TransferForm,
    question_field_name,
)
from submissions.models import (
    Attachment,
    CallQuestion,
    DraftSnapshot,
    GuardianConsent,
    Invitation,
    Membership,
    Organisation,
    Participant,
    Submission,
    SubmissionTeamMember,
    SubmissionVersion,
)
from submissions.uploads import UploadRejected


def _refuse_messages(request: HttpRequest, error: actions.ActionRefused) -> None:
    messages.error(request, error.message)


def _object_or_404(request: HttpRequest, queryset, perm: str, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None or not request.user.has_perm(perm, obj):
        raise Http404
    return obj


def _submission(request: HttpRequest, pk: int, perm: str) -> Submission:
    return _object_or_404(
        request,
        Submission.objects.select_related("call", "organisation", "participant"),
        perm,
        pk=pk,
    )


def _organisation(request: HttpRequest, pk: int, perm: str) -> Organisation:
    return _object_or_404(request, Organisation.objects.all(), perm, pk=pk)


# --- organisations ------------------------------------------------------------------------


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "submissions/organisation_list.html",
        {
            "organisations": reads.organisations_for_user(request.user),
            "invitations": reads.pending_invitations_for(request.user),
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.organisation_create(
                user=request.user, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was created. You are its owner."))
            return redirect("submissions:organisation", pk=organisation.pk)
    return render(request, "submissions/organisation_form.html", {"form": form})


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.view_organisation")
    can_manage = request.user.has_perm("submissions.manage_members_organisation", organisation)
    mine = organisation.memberships.filter(user=request.user).first()
    return render(
        request,
        "submissions/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage": can_manage,
            "my_membership": mine,
            "invite_form": InvitationForm(),
            "role_choices": MemberRole.choices,
            **reads.organisation_page_data(organisation),
        },
    )


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.organisation_update(
                organisation=organisation,
                user=request.user,
                data=form.cleaned_data,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("submissions:organisation", pk=organisation.pk)
    return render(
        request,
        "submissions/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@require_POST
def organisation_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.manage_members_organisation")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = actions.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                request=request,
            )
        except actions.ActionRefused as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("submissions:organisation", pk=organisation.pk)
    return render(
        request,
        "submissions/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage": True,
            "my_membership": organisation.memberships.filter(user=request.user).first(),
            "invite_form": form,
            "role_choices": MemberRole.choices,
            **reads.organisation_page_data(organisation),
        },
    )


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    return get_object_or_404(Membership, pk=membership_id, organisation=organisation)


@require_POST
def membership_role(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.manage_members_organisation")
    membership = _membership(organisation, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            actions.membership_change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                actor=request.user,
                request=request,
            )
        except actions.ActionRefused as error:
            _refuse_messages(request, error)
        else:
            messages.success(request, _("The role was changed."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("submissions:organisation", pk=organisation.pk)


@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.view_organisation")
    membership = _membership(organisation, membership_id)
    leaving = membership.user_id == request.user.pk
    if not leaving and not request.user.has_perm(
        "submissions.manage_members_organisation", organisation
    ):
        raise Http404
    try:
        actions.membership_remove(membership=membership, actor=request.user, request=request)
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
        return redirect("submissions:organisation", pk=organisation.pk)
    if leaving:
        messages.success(request, _("You left %(name)s.") % {"name": organisation.name})
        return redirect("submissions:organisations")
    messages.success(request, _("The member was removed."))
    return redirect("submissions:organisation", pk=organisation.pk)


@require_POST
def organisation_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, "submissions.change_organisation")
    form = TransferForm(request.POST)
    if form.is_valid():
        membership = _membership(organisation, form.cleaned_data["membership"])
        try:
            actions.organisation_transfer_ownership(
                organisation=organisation,
                to_membership=membership,
                actor=request.user,
                request=request,
            )
        except actions.ActionRefused as error:
            _refuse_messages(request, error)
        else:
            messages.success(request, _("Ownership was transferred. You are now an editor."))
    return redirect("submissions:organisation", pk=organisation.pk)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                actions.invitation_accept(invitation=found, user=request.user, request=request)
                messages.success(
                    request,
                    _("You joined %(name)s.") % {"name": found.organisation.name},
                )
                return redirect("submissions:organisation", pk=found.organisation_id)
            actions.invitation_decline(invitation=found, user=request.user, request=request)
            messages.success(request, _("You declined the invitation."))
            return redirect("submissions:organisations")
        except actions.ActionRefused as error:
            return render(
                request,
                "submissions/invitation.html",
                {"invitation": found, "error": error.message},
                status=410,
            )
    error = None
    if found.is_used:
        error = _("This invitation has already been used.")
    elif found.is_expired():
        error = _("This invitation has expired. Ask for a new one.")
    return render(
        request,
        "submissions/invitation.html",
        {"invitation": found, "error": error},
        status=410 if error else 200,
    )


# --- participants -------------------------------------------------------------------------


@login_required
def participant_profile(request: HttpRequest) -> HttpResponse:
    participant = Participant.objects.filter(user=request.user).first()
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        initial=None if participant else {"full_name": request.user.display_name},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.participant_save(user=request.user, data=form.cleaned_data, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your participant profile was saved."))
            next_url = request.POST.get("next", "")
            if next_url.startswith("/") and not next_url.startswith("//"):
                return redirect(next_url)
            return redirect("submissions:participant")
    consent = participant.consent() if participant else None
    return render(
        request,
        "submissions/participant_form.html",
        {
            "form": form,
            "participant": participant,
            "consent": consent,
            "is_minor": participant.is_minor_on(timezone.localdate()) if participant else False,
            "next": request.GET.get("next", ""),
        },
    )


@never_cache
def guardian_consent(request: HttpRequest, token: str) -> HttpResponse:
    consent = get_object_or_404(
        GuardianConsent.objects.select_related("participant"), token=token, revoked_at=None
    )
    if request.method == "POST" and request.POST.get("consent") == "yes":
        actions.guardian_consent_give(consent=consent, request=request)
        messages.success(request, _("Thank you. Your consent was recorded."))
        return redirect("submissions:guardian_consent", token=token)
    # The guardian sees the first name only: the link may be forwarded.
    first_name = consent.participant.full_name.split()[-1] if consent.participant.full_name else ""
    return render(
        request,
        "submissions/guardian_consent.html",
        {"consent": consent, "first_name": first_name},
    )


# --- submissions --------------------------------------------------------------------------


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "submissions/submission_list.html",
        {"submissions": reads.submissions_for_user(request.user)},
    )


def _call_or_404(page_id: int):
    page = get_object_or_404(Page, pk=page_id)
    call = canonical_call(page)
    if call is None or not call.live:
        raise Http404
    return call


@login_required
def call_start(request: HttpRequest, page_id: int) -> HttpResponse:
    """Start (or resume) a submission to a call."""
    call = _call_or_404(page_id)
    shown = localized_call(call)
    kind = entrant_kind(call)
    mine = reads.submissions_for_user(request.user)
    existing = [s for s in mine if s.call_id == call.pk and s.status != SubmissionStatus.WITHDRAWN]
    context = {"call": call, "shown": shown, "existing": existing, "kind": kind}
    if not call.accepts_submissions():
        context["closed"] = True
        return render(request, "submissions/call_start.html", context)
    if kind == EntrantKind.PARTICIPANT:
        participant = Participant.objects.filter(user=request.user).first()
        context["participant"] = participant
        if request.method == "POST" and participant is not None:
            return _create_and_redirect(request, call, participant=participant)
        return render(request, "submissions/call_start.html", context)
    organisations = reads.editable_organisations(request.user)
    form = NewSubmissionForm(request.POST or None, organisations=organisations)
    context["form"] = form
    context["has_organisations"] = organisations.exists()
    if request.method == "POST" and form.is_valid():
        return _create_and_redirect(request, call, organisation=form.cleaned_data["organisation"])
    return render(request, "submissions/call_start.html", context)


def _create_and_redirect(request, call, **entrant) -> HttpResponse:
    try:
        submission = actions.submission_create(
            call=call, user=request.user, request=request, **entrant
        )
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
        return redirect("submissions:call_start", page_id=call.pk)
    return redirect("submissions:edit", pk=submission.pk)


def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.view_submission")
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "submission": submission,
            "call": localized_call(submission.call.specific),
            "can_edit": request.user.has_perm("submissions.change_submission", submission),
            **reads.submission_page_data(submission),
        },
    )


def _submission_form(submission: Submission, data=None) -> SubmissionForm:
    call = submission.call.specific
    questions = list(CallQuestion.objects.filter(call_id=call.pk))
    answers = {a.question_id: a.value for a in submission.answers.all()}
    initial = {name: getattr(submission, name) for name in actions.DRAFT_FIELDS}
    initial["revision"] = submission.draft_revision
    for question in questions:
        value = answers.get(question.pk)
        if question.kind == "yes_no" and value is not None:
            value = "yes" if value else "no"
        initial[question_field_name(question)] = value
    return SubmissionForm(data, call=call, questions=questions, initial=initial)


def _save_from_form(request, submission: Submission, form: SubmissionForm) -> Submission:
    form.is_valid()
    revision = form.cleaned_data.get("revision")
    return actions.submission_save_draft(
        submission=submission,
        user=request.user,
        data=form.draft_data(),
        answers=form.answers(),
        base_revision=revision,
        request=request,
    )


def _edit_context(submission: Submission, form: SubmissionForm, **extra) -> dict:
    data = reads.submission_page_data(submission)
    required = list(actions.REQUIRED_DRAFT_FIELDS)
    done = sum(1 for name in required if str(getattr(submission, name) or "").strip())
    limits = call_settings(submission.call)
    return {
        "submission": submission,
        "call": localized_call(submission.call.specific),
        "form": form,
        "attachment_form": AttachmentForm(call=submission.call),
        "team_form": TeamMemberForm(),
        "limits": limits,
        "progress_done": done,
        "progress_total": len(required),
        "snapshots": reads.draft_snapshots(submission),
        "kept_for": signing.dumps(submission.pk, salt=KEPT_DRAFT_SALT),
        **data,
        **extra,
    }


# The edit form carries the draft's id, signed: a post that arrives without a session (or
# with a stale CSRF token) can then be shown back with the real field labels, and only to
# whoever had the edit page.
KEPT_DRAFT_SALT = "submissions.kept-draft"
NOT_KEPT = ("csrfmiddlewaretoken", "action", "kept_for")


def _posted_from_edit_page(request: HttpRequest, pk: int) -> bool:
    try:
        return signing.loads(request.POST.get("kept_for", ""), salt=KEPT_DRAFT_SALT) == pk
    except signing.BadSignature:
        return False


def _kept_labels(request: HttpRequest, pk: int) -> dict[str, str]:
    labels = {name: str(label) for name, label in DRAFT_FIELD_LABELS.items()}
    submission = Submission.objects.select_related("call").filter(pk=pk).first()
    if submission is None:
        return labels
    may_edit = request.user.has_perm("submissions.change_submission", submission)
    if not may_edit and not _posted_from_edit_page(request, pk):
        return labels
    form = _submission_form(submission)
    labels.update({name: str(field.label) for name, field in form.fields.items() if field.label})
    return labels


def _kept_fields(request: HttpRequest, pk: int) -> list[tuple[str, str, str]]:
    """What was posted, as (name, label, value), in the order of the form."""
    labels = _kept_labels(request, pk)
    return [
        (name, labels.get(name, name), value)
        for name, value in request.POST.items()
        if name not in NOT_KEPT
    ]


def _time_label(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "H:i")


def _conflict_message(submission: Submission) -> str:
    return _(
        "This draft was changed in another tab or by a colleague at %(time)s; "
        "the replaced text is kept under Earlier versions."
    ) % {"time": _time_label(submission.replaced_saved_at)}


def _session_expired(
    request: HttpRequest, pk: int, *, closed: bool = False, csrf_refused: bool = False
) -> HttpResponse:
    """A draft posted after the session ended (or the call closed, or with a CSRF token from
    before the last sign-in): give the typed text back, labelled, in a form that saves it."""
    return render(
        request,
        "submissions/session_expired.html",
        {
            "kept": _kept_fields(request, pk),
            "kept_for": request.POST.get("kept_for", ""),
            "action_url": request.path,
            "closed": closed,
            "csrf_refused": csrf_refused,
        },
        status=409 if closed else 403,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. Signing in rotates the CSRF token, so a draft posted from a page
    opened before is refused: show its text back in a form with a fresh token instead of a
    bare 403. Only for a post that came from the draft's edit page (a forged cross-site post
    is not shown back with a working token). Every other refusal is Django's own page."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if (
        request.method == "POST"
        and match is not None
        and match.view_name == "submissions:edit"
        and _posted_from_edit_page(request, match.kwargs["pk"])
    ):
        return _session_expired(request, match.kwargs["pk"], csrf_refused=True)
    return django_csrf.csrf_failure(request, reason=reason)


@require_GET
@never_cache
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token for a page opened before the last sign-in (kept_draft.js)."""
    return JsonResponse({"token": get_token(request)})


def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return _session_expired(request, pk)
    submission = _submission(request, pk, "submissions.change_submission")
    if not submission.is_editable:
        if request.method == "POST":
            return _session_expired(request, pk, closed=True)
        messages.warning(
            request, _("This call is closed; the draft can be read but no longer changed.")
        )
        return redirect("submissions:detail", pk=submission.pk)
    if request.method == "POST":
        form = _submission_form(submission, request.POST)
        try:
            submission = _save_from_form(request, submission, form)
        except actions.SubmissionClosed:
            return _session_expired(request, pk, closed=True)
        if submission.replaced_draft is not None:
            messages.warning(request, _conflict_message(submission))
        if form.errors:
            # What was typed stays in the bound form; the valid parts are saved already.
            form.data = form.data.copy()
            form.data["revision"] = submission.draft_revision
            messages.error(request, _("Some fields need attention; the rest was saved."))
            return render(
                request, "submissions/submission_edit.html", _edit_context(submission, form)
            )
        if request.POST.get("action") == "review":
            return redirect("submissions:review", pk=submission.pk)
        messages.success(request, _("Draft saved."))
        return redirect("submissions:edit", pk=submission.pk)
    form = _submission_form(submission)
    return render(request, "submissions/submission_edit.html", _edit_context(submission, form))


@require_POST
def submission_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    submission = _submission(request, pk, "submissions.change_submission")
    form = _submission_form(submission, request.POST)
    try:
        submission = _save_from_form(request, submission, form)
    except actions.SubmissionClosed as error:
        return JsonResponse({"error": "closed", "message": error.message}, status=409)
    saved_at = timezone.localtime(submission.draft_saved_at)
    reply = {
        "revision": submission.draft_revision,
        "saved_at": saved_at.isoformat(),
        # Shown as is by autosave.js: the same clock (Quang Ninh time) as the page.
        "saved_at_label": dateformat.format(saved_at, "H:i:s d/m/Y"),
        "errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()},
        "conflict": submission.replaced_draft is not None,
    }
    if submission.replaced_draft is not None:
        reply["conflict_at"] = timezone.localtime(submission.replaced_saved_at).isoformat()
        reply["conflict_at_label"] = _time_label(submission.replaced_saved_at)
    return JsonResponse(reply)


@require_POST
def submission_restore_draft(request: HttpRequest, pk: int, snapshot_id: int) -> HttpResponse:
    """Put an earlier version back as the current draft (the current text is kept)."""
    submission = _submission(request, pk, "submissions.change_submission")
    snapshot = get_object_or_404(DraftSnapshot, pk=snapshot_id, submission=submission)
    try:
        actions.submission_restore_draft(
            submission=submission, snapshot=snapshot, user=request.user, request=request
        )
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
        return redirect("submissions:detail", pk=submission.pk)
    messages.success(
        request,
        _(
            "The earlier version is the draft again; the text it replaced is kept under "
            "Earlier versions."
        ),
    )
    return redirect("submissions:edit", pk=submission.pk)


@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.change_submission")
    form = AttachmentForm(request.POST, request.FILES, call=submission.call)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.attachment_add(
                submission=submission,
                name=upload.name,
                data=upload,
                user=request.user,
                question=form.cleaned_data.get("question"),
                request=request,
            )
        except actions.SubmissionClosed as error:
            _refuse_messages(request, error)
            return redirect("submissions:edit", pk=submission.pk)
        except (UploadRejected, actions.ActionRefused) as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("The file was added."))
            return redirect(
                reverse("submissions:edit", kwargs={"pk": submission.pk}) + "#attachments"
            )
    # The refusal is shown beside the file field (nothing was stored); the draft as saved.
    context = _edit_context(submission, _submission_form(submission), attachment_form=form)
    return render(request, "submissions/submission_edit.html", context, status=400)


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    submission = _submission(request, pk, "submissions.view_submission")
    attachment = get_object_or_404(Attachment, pk=attachment_id, submission=submission)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.change_submission")
    attachment = get_object_or_404(
        Attachment, pk=attachment_id, submission=submission, removed_at=None
    )
    try:
        actions.attachment_remove(attachment=attachment, user=request.user, request=request)
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(reverse("submissions:edit", kwargs={"pk": submission.pk}) + "#attachments")


@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.change_submission")
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        member = Participant.objects.filter(user__email__iexact=form.cleaned_data["email"]).first()
        if member is None:
            messages.error(request, _("No participant is registered with this e-mail."))
        else:
            try:
                actions.team_member_add(
                    submission=submission, participant=member, user=request.user, request=request
                )
            except actions.ActionRefused as error:
                _refuse_messages(request, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s was added and e-mailed a link to confirm. The entry can be "
                        "submitted once every member has confirmed."
                    )
                    % {"name": member.full_name},
                )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect(reverse("submissions:edit", kwargs={"pk": submission.pk}) + "#team")


@require_POST
def team_member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.change_submission")
    member = get_object_or_404(
        SubmissionTeamMember.objects.select_related("participant"),
        pk=member_id,
        submission=submission,
    )
    try:
        actions.team_member_remove(member=member, user=request.user, request=request)
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s was taken off the team.") % {"name": member.participant.full_name},
        )
    return redirect(reverse("submissions:edit", kwargs={"pk": submission.pk}) + "#team")


@login_required
@never_cache
def team_confirmation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited member confirms or declines. Anyone but that member gets 404."""
    found = SubmissionTeamMember.read_token(token)
    if found is None:
        raise Http404
    member_id, nonce = found
    member = (
        SubmissionTeamMember.objects.select_related("submission__call", "participant")
        .filter(pk=member_id, participant__user=request.user)
        .first()
    )
    if member is None:
        raise Http404
    submission = member.submission
    context = {
        "member": member,
        "submission": submission,
        "call": localized_call(submission.call.specific),
    }
    opens_at = getattr(context["call"], "opens_at", None)
    opening_day = local_date(opens_at) if opens_at else timezone.localdate()
    context["needs_guardian"] = (
        member.participant.is_minor_on(opening_day) and not member.participant.has_consent()
    )
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                actions.team_member_confirm(
                    member=member, nonce=nonce, user=request.user, request=request
                )
                messages.success(request, _("Thank you. You confirmed that you are on the team."))
                return redirect("submissions:detail", pk=submission.pk)
            if decision == "decline":
                actions.team_member_decline(
                    member=member, nonce=nonce, user=request.user, request=request
                )
                messages.success(request, _("You declined. You are not on this team."))
                return redirect("submissions:list")
        except actions.ActionRefused as error:
            context["error"] = error.message
            return render(request, "submissions/team_confirmation.html", context, status=410)
    if member.invitation_usable(nonce):
        context["error"] = None
    elif member.invitation_nonce and member.invitation_nonce == nonce:
        context["error"] = _("This link has expired. Ask the team lead to add you again.")
    else:
        context["error"] = _("This link has already been used or was replaced by a newer one.")
    return render(
        request,
        "submissions/team_confirmation.html",
        context,
        status=410 if context["error"] else 200,
    )


def submission_review(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.submit_submission")
    context = {
        "submission": submission,
        "call": localized_call(submission.call.specific),
        **reads.submission_page_data(submission),
    }
    if request.method == "POST":
        try:
            version, _created = actions.submission_submit(
                submission=submission, user=request.user, request=request
            )
        except actions.SubmissionIncomplete as error:
            context["missing"] = error.missing
            return render(request, "submissions/submission_review.html", context, status=400)
        except actions.ActionRefused as error:
            context["refused"] = error.message
            return render(request, "submissions/submission_review.html", context, status=409)
        messages.success(request, _("Submitted. A receipt is on its way by e-mail."))
        return redirect("submissions:version", pk=submission.pk, number=version.number)
    context["missing"] = actions.missing_parts(submission)
    context["closed"] = not submission.is_editable
    return render(request, "submissions/submission_review.html", context)


@require_POST
def submission_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.withdraw_submission")
    try:
        actions.submission_withdraw(submission=submission, user=request.user, request=request)
    except actions.ActionRefused as error:
        _refuse_messages(request, error)
    else:
        messages.success(request, _("The submission was withdrawn. You may submit again."))
    return redirect("submissions:detail", pk=submission.pk)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    submission = _submission(request, pk, "submissions.view_submission")
    version = get_object_or_404(SubmissionVersion, submission=submission, number=number)
    if not request.user.has_perm("submissions.view_submissionversion", version):
        raise Http404
    questions = {q.key: q for q in CallQuestion.objects.filter(call_id=submission.call_id)}
    answers = [
        (questions[key].display_label if key in questions else key, value)
        for key, value in version.content.get("answers", {}).items()
    ]
    return render(
        request,
        "submissions/version_detail.html",
        {
            "submission": submission,
            "version": version,
            "call": localized_call(submission.call.specific),
            "fields": version.content.get("fields", {}),
            "answers": answers,
            "attachments": version.content.get("attachments", []),
        },
    )


# --- clarification questions --------------------------------------------------------------


@login_required
@require_POST
def clarification_ask(request: HttpRequest, page_id: int) -> HttpResponse:
    call = _call_or_404(page_id)
    form = ClarificationForm(request.POST)
    shown = localized_call(call)
    if form.is_valid():
        actions.clarification_ask(
            call=call, user=request.user, question=form.cleaned_data["question"], request=request
        )
        messages.success(
            request,
            _("Thank you. Your question was sent; answers are published on this page."),
        )
        return redirect(shown.url)
    return render(
        request,
        "submissions/clarification_form.html",
        {"form": form, "call": shown, "page_id": call.pk},
        status=400,
    )
