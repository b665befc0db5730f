"""Judging pages for judges, chairs and staff. Every view is behind ``judging_view`` (sign-in,
judge or staff, TOTP) and checks a ``rules`` permission with the object: no → 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from judging import actions, exports, reads
from judging.access import judging_view
from judging.enums import ReviewStatus
from judging.forms import (
    AffiliationFormSet,
    ConsensusNoteForm,
    DeclarationForm,
    JudgeProfileForm,
    ReopenForm,
    ReviewForm,
)
from judging.models import (
    Assignment,
    ConflictDeclaration,
    JudgeProfile,
    Panel,
    PanelInvitation,
    Review,
    Round,
)
from submissions.models import Attachment


def _assignment(request: HttpRequest, pk: int, perm: str = "judging.review_assignment"):
    assignment = get_object_or_404(
        Assignment.objects.active().select_related("round", "round__panel", "submission"), pk=pk
    )
    if not request.user.has_perm(perm, assignment):
        raise Http404
    return assignment


def _round(request: HttpRequest, pk: int, perm: str = "judging.view_dashboard_round") -> Round:
    round = get_object_or_404(Round.objects.select_related("panel", "call"), pk=pk)
    if not request.user.has_perm(perm, round):
        raise Http404
    return round


def _undeclared_panels(user) -> list[Panel]:
    declared = ConflictDeclaration.objects.filter(judge=user).values("panel_id")
    return list(Panel.objects.filter(members__user=user).exclude(pk__in=declared).order_by("pk"))


@judging_view
def home(request: HttpRequest) -> HttpResponse:
    """My assignments: due dates and progress; conflicts come first."""
    undeclared = _undeclared_panels(request.user)
    hidden = {panel.pk for panel in undeclared}
    rows = [
        row
        for row in reads.my_assignments(request.user)
        if row.assignment.round.panel_id not in hidden
    ]
    chaired = list(
        Round.objects.filter(panel__chair=request.user).select_related("call").order_by("due_at")
    )
    staff_rounds = (
        list(Round.objects.select_related("call").order_by("due_at"))
        if request.user.is_staff
        else []
    )
    return render(
        request,
        "judging/home.html",
        {
            "undeclared": undeclared,
            "rows": rows,
            "chaired": chaired,
            "staff_rounds": staff_rounds,
            "done": sum(1 for r in rows if r.status == ReviewStatus.SUBMITTED),
        },
    )


@judging_view
def conflicts(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = get_object_or_404(Panel, pk=panel_id)
    if not request.user.has_perm("judging.declare_conflicts", panel):
        raise Http404
    organisations = reads.panel_organisations(panel)
    declared_ids = set(
        request.user.judging_conflicts.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    form = DeclarationForm(organisations, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.conflicts_declare(
            judge=request.user, panel=panel, declared=form.declared(), request=request
        )
        messages.success(request, _("Thank you. Your declaration was recorded."))
        return redirect("judging:home")
    return render(
        request,
        "judging/conflicts.html",
        {"panel": panel, "form": form, "declared_ids": declared_ids},
    )


def _review_context(request, assignment: Assignment, form: ReviewForm, review: Review | None):
    round = assignment.round
    panel_reviews = []
    if review is not None and review.is_submitted and round.show_panel_scores:
        others = (
            Review.objects.filter(
                assignment__round=round,
                assignment__submission=assignment.submission,
                status=ReviewStatus.SUBMITTED,
                voided_at=None,
            )
            .exclude(pk=review.pk)
            .prefetch_related("scores__criterion")
            .order_by("pk")
        )
        for number, other in enumerate(others, start=1):
            panel_reviews.append(
                {
                    "label": _("Judge %(number)s") % {"number": number},
                    "scores": {s.criterion.key: s.score for s in other.scores.all()},
                }
            )
    return {
        "assignment": assignment,
        "round": round,
        "entry": reads.entry_view(assignment),
        "form": form,
        "review": review,
        "panel_reviews": panel_reviews,
        "criteria": form.criteria,
    }


@judging_view
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry on one side, the rubric with scores and comments on the other."""
    assignment = _assignment(request, pk)
    if (
        ConflictDeclaration.objects.filter(
            judge=request.user, panel=assignment.round.panel
        ).exists()
        is False
    ):
        messages.info(request, _("Declare any conflicts of interest before seeing entries."))
        return redirect("judging:conflicts", panel_id=assignment.round.panel_id)
    existing = Review.objects.filter(assignment=assignment).select_related("rubric").first()
    rubric = (
        existing.rubric
        if existing
        else reads.rubric_for(assignment.submission.call_id, assignment.submission.category_key)
    )
    if rubric is None:
        messages.warning(request, _("This call has no rubric yet. Try again later."))
        return redirect("judging:home")
    if request.method == "POST":
        form = ReviewForm(rubric, request.POST)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                if submit:
                    actions.review_submit(
                        assignment=assignment,
                        user=request.user,
                        data=form.score_input(),
                        request=request,
                    )
                else:
                    actions.review_save_draft(
                        assignment=assignment,
                        user=request.user,
                        data=form.score_input(),
                        request=request,
                    )
            except actions.ActionRefused as error:
                form.add_error(None, error.message)
            else:
                if submit:
                    messages.success(request, _("Your review was submitted."))
                else:
                    messages.success(request, _("Your draft was saved."))
                return redirect("judging:review", pk=assignment.pk)
    else:
        form = ReviewForm(rubric, initial=ReviewForm.initial_for(existing))
    context = _review_context(request, assignment, form, existing)
    status = 200 if not form.errors else 400
    return render(request, "judging/review.html", context, status=status)


@require_POST
@judging_view
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    assignment = _assignment(request, pk)
    existing = Review.objects.filter(assignment=assignment).select_related("rubric").first()
    rubric = (
        existing.rubric
        if existing
        else reads.rubric_for(assignment.submission.call_id, assignment.submission.category_key)
    )
    if rubric is None:
        raise Http404
    form = ReviewForm(rubric, request.POST)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    try:
        saved = actions.review_save_draft(
            assignment=assignment, user=request.user, data=form.score_input(), request=request
        )
    except actions.ActionRefused as error:
        return JsonResponse({"saved": False, "errors": {"__all__": [error.message]}}, status=409)
    return JsonResponse({"saved": True, "revision": saved.revision})


@judging_view
def attachment(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """A file of the frozen version under a neutral name: ``attachment-1.pdf``."""
    assignment = _assignment(request, pk, "judging.download_assignment")
    version = assignment.submission.versions.order_by("-number").first()
    items = (version.content.get("attachments") or []) if version else []
    if not 1 <= number <= len(items):
        raise Http404
    item = items[number - 1]
    file = get_object_or_404(Attachment, pk=item.get("id"), submission=assignment.submission)
    extension = "".join(ch for ch in (item.get("kind") or "bin").lower() if ch.isalnum())[:8]
    response = FileResponse(
        file.file.open("rb"),
        as_attachment=True,
        filename=f"attachment-{number}.{extension or 'bin'}",
        content_type=file.mime or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@judging_view
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.select_related("assignment__round__panel"), pk=pk, voided_at=None
    )
    if not request.user.has_perm("judging.reopen_review", review):
        raise Http404
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.review_reopen(review=review, actor=request.user, reason=reason, request=request)
    except actions.ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The review was reopened; the judge can change it again."))
    return redirect("judging:dashboard", pk=review.assignment.round_id)


FILTERS = ("all", "flagged", "incomplete", "below_minimum")


def _filtered(board: reads.Dashboard, show: str, query: str) -> list[reads.EntryRow]:
    rows = board.entries
    if show == "flagged":
        rows = [r for r in rows if r.flagged]
    elif show == "incomplete":
        rows = [r for r in rows if r.submitted < r.assigned or not r.assigned]
    elif show == "below_minimum":
        rows = [r for r in rows if r.below_minimum]
    if query:
        rows = [r for r in rows if query.lower() in r.label.lower()]
    return rows


def _blind_labels(request, round: Round) -> bool:
    return round.blind and not request.user.is_staff


@judging_view
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    board = reads.dashboard(round, blind_labels=_blind_labels(request, round))
    show = request.GET.get("show", "all")
    show = show if show in FILTERS else "all"
    query = (request.GET.get("q") or "").strip()[:100]
    is_chair = request.user.has_perm("judging.add_consensus_note_round", round)
    return render(
        request,
        "judging/dashboard.html",
        {
            "round": round,
            "board": board,
            "rows": _filtered(board, show, query),
            "show": show,
            "query": query,
            "filters": [
                ("all", _("All entries")),
                ("flagged", _("Flagged disagreement")),
                ("incomplete", _("Reviews missing")),
                ("below_minimum", _("Below a criterion minimum")),
            ],
            "is_chair": is_chair,
            "note_form": ConsensusNoteForm(),
        },
    )


@judging_view
def export(request: HttpRequest, pk: int, by: str, fmt: str) -> HttpResponse:
    round = _round(request, pk)
    if by not in exports.LAYOUTS or fmt not in exports.FORMATS:
        raise Http404
    board = reads.dashboard(round, blind_labels=_blind_labels(request, round))
    header, rows = exports.LAYOUTS[by](board)
    filename = f"round-{round.pk}-scores-by-{by}.{fmt}"
    return exports.FORMATS[fmt](header, rows, filename)


@require_POST
@judging_view
def consensus_note(request: HttpRequest, pk: int, submission_id: int) -> HttpResponse:
    round = _round(request, pk, "judging.add_consensus_note_round")
    submission = get_object_or_404(reads.round_submissions(round), pk=submission_id)
    form = ConsensusNoteForm(request.POST)
    if form.is_valid():
        actions.consensus_note_add(
            round=round,
            submission=submission,
            author=request.user,
            text=form.cleaned_data["text"],
            request=request,
        )
        messages.success(request, _("The consensus note was added."))
    else:
        messages.error(request, _("Write a note before saving."))
    return redirect(
        reverse("judging:dashboard", kwargs={"pk": round.pk}) + f"#entry-{submission.pk}"
    )


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept a panel invitation (sign-in first); TOTP is asked for on the next judging page."""
    invite = get_object_or_404(PanelInvitation.objects.select_related("panel"), token=token)
    if request.method == "POST":
        try:
            actions.panel_invitation_accept(invitation=invite, user=request.user, request=request)
        except actions.ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You joined the panel “%(panel)s”.") % {"panel": invite.panel.name},
            )
            return redirect("judging:home")
    return render(request, "judging/invitation.html", {"invitation": invite})


@judging_view
def profile(request: HttpRequest) -> HttpResponse:
    """The judge's expertise, e-mail domains and affiliations (used to detect conflicts)."""
    current = JudgeProfile.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = JudgeProfileForm(request.POST)
        formset = AffiliationFormSet(request.POST, prefix="affiliations")
        if form.is_valid() and formset.is_valid():
            actions.judge_profile_save(
                user=request.user,
                expertise=form.cleaned_data["expertise"],
                email_domains=form.cleaned_data["email_domains"],
                affiliations=[
                    actions.AffiliationInput(
                        organisation_name=row["organisation_name"].strip(),
                        tax_code=(row.get("tax_code") or "").strip(),
                        until=row.get("until"),
                    )
                    for row in formset.cleaned_data
                    if row and (row.get("organisation_name") or "").strip()
                ],
                request=request,
            )
            messages.success(request, _("Your judge profile was saved."))
            return redirect("judging:profile")
    else:
        form = JudgeProfileForm(
            initial={
                "expertise": current.expertise if current else [],
                "email_domains": ", ".join(current.email_domains) if current else "",
            }
        )
        formset = AffiliationFormSet(
            prefix="affiliations",
            initial=[
                {"organisation_name": a.organisation_name, "tax_code": a.tax_code, "until": a.until}
                for a in (current.affiliations.all() if current else [])
            ],
        )
    return render(request, "judging/profile.html", {"form": form, "formset": formset})
