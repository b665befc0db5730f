"""Call-page sections, the account panel, and the staff screens in the Wagtail admin."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.models import Locale, Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from challenges.models import ChallengePage, ContestPage
from challenges.templatetags.call_tags import CallSection
from submissions import actions, reads
from submissions.calls import CALL_MODELS, as_call, canonical_call, entrant_kind
from submissions.enums import Eligibility, EntrantKind, SubmissionStatus
from submissions.forms import ClarificationForm, EligibilityForm, ExtendDeadlineForm
from submissions.models import (
    CallQuestion,
    CallSettings,
    ClarificationQuestion,
    Organisation,
    Participant,
    Submission,
)

CALL_PAGE_TYPES = ["challenges.ChallengePage", "challenges.ContestPage"]


# --- call pages and the account dashboard -------------------------------------------------


@hooks.register("call_page_sections")
def call_questions_section(page, request):
    call = canonical_call(page)
    if call is None:
        return None
    return CallSection(
        template="submissions/includes/call_questions.html",
        context={
            "questions": reads.published_questions(call),
            "form": ClarificationForm(),
            "call_id": call.pk,
            "request": request,
        },
        order=50,
    )


@hooks.register("cms_home_page_context")
def home_page_submissions(page, request) -> dict:
    """The home page's key figure: entries submitted (and not withdrawn), in one query."""
    from submissions.enums import SubmissionStatus
    from submissions.models import Submission

    return {
        "submissions_received_count": Submission.objects.filter(
            status=SubmissionStatus.SUBMITTED
        ).count()
    }


@hooks.register("call_page_actions")
def call_submit_action(page, request):
    call = canonical_call(page)
    if call is None:
        return None
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    participant_call = entrant_kind(call) == EntrantKind.PARTICIPANT
    entries = []
    can_enter = False
    if signed_in:
        entries = list(Submission.objects.for_user(user).filter(call=call).active().order_by("pk"))
        if participant_call:
            can_enter = Participant.objects.filter(user=user).exists()
        else:
            can_enter = reads.editable_organisations(user).exists()
    now = timezone.now()
    return CallSection(
        template="submissions/includes/call_action.html",
        context={
            "call_id": call.pk,
            "accepting": call.accepts_submissions(now),
            "upcoming": call.opens_at > now,
            "opens_at": call.opens_at,
            "participant_call": participant_call,
            "signed_in": signed_in,
            "can_enter": can_enter,
            "drafts": [entry for entry in entries if entry.status == SubmissionStatus.DRAFT],
            "submitted": [entry for entry in entries if entry.status == SubmissionStatus.SUBMITTED],
            "mine": len(entries),
        },
        order=10,
    )


@hooks.register("cms_account_sections")
def account_section(request):
    user = request.user
    return {
        "template": "submissions/includes/account_section.html",
        "organisations": reads.organisations_for_user(user),
        "invitations": reads.pending_invitations_for(user),
        "team_invitations": reads.pending_team_invitations_for(user),
        "submissions": reads.submissions_for_user(user)[:10],
    }


# --- staff screens ------------------------------------------------------------------------


class StaffPermissionPolicy(BasePermissionPolicy):
    """Any active staff member may do ``actions``; nobody may do anything else here."""

    def __init__(self, model, actions: tuple[str, ...]) -> None:
        super().__init__(model)
        self.allowed = set(actions)

    def user_has_permission(self, user, action) -> bool:
        return bool(user.is_active and user.is_staff and action in self.allowed)

    def users_with_permission(self, action):
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        return users if action in self.allowed else users.none()


def call_pages():
    """Calls in the default language (submissions point at those)."""
    pages = Page.objects.type(ChallengePage, ContestPage)
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is not None:
        pages = pages.filter(locale=default)
    return pages.order_by("title")


ALL = ("add", "change", "delete", "view")
for _model, _actions in (
    (Submission, ("view",)),
    (Organisation, ("view",)),
    (ClarificationQuestion, ("change", "delete", "view")),
    (CallQuestion, ALL),
    (CallSettings, ALL),
):
    register_permission_policy(_model, StaffPermissionPolicy(_model, _actions), exact_class=True)


class SubmissionFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=lambda request: call_pages())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Submission._meta.get_field("status").choices
    )
    eligibility = django_filters.ChoiceFilter(label=_("Eligibility"), choices=Eligibility.choices)

    class Meta:
        model = Submission
        fields = ["call", "status", "eligibility"]


class SubmissionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return reads.staff_submission_queryset()

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Extend deadline"),
                url=reverse("submissions_admin:extend_deadline"),
                icon_name="time",
            ),
        ]


class SubmissionInspectView(generic.InspectView):
    template_name = "submissions/admin/submission_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            submission=submission,
            call=as_call(submission.call),
            eligibility_form=EligibilityForm(
                initial={
                    "eligibility": submission.eligibility,
                    "reason": submission.eligibility_reason,
                }
            ),
            eligibility_url=reverse("submissions_admin:eligibility", args=[submission.pk]),
            **reads.submission_page_data(submission),
        )
        return context


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "doc-full"
    menu_label = _("Submissions")
    url_prefix = "submissions"
    name = "submissions_admin"
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SubmissionFilterSet
    search_fields = ["title", "reference", "organisation__name", "organisation__tax_code"]
    search_backend_name = None
    ordering = ["-submitted_at", "-created_at"]
    list_display = [
        Column("reference", label=_("Reference")),
        Column("title", label=_("Title")),
        Column("call", label=_("Call")),
        Column("entrant_name", label=_("Entrant")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("eligibility", label=_("Eligibility"), accessor="get_eligibility_display"),
        Column("version_total", label=_("Versions")),
        DateColumn("submitted_at", label=_("Last submitted")),
    ]
    list_export = [
        "reference",
        "title",
        "call.title",
        "entrant_name",
        "category_key",
        "requested_amount",
        "status",
        "eligibility",
        "eligibility_reason",
        "version_total",
        "submitted_at",
        "latest_sha256",
    ]
    export_headings = {
        "reference": _("Reference"),
        "title": _("Title"),
        "call.title": _("Call"),
        "entrant_name": _("Entrant"),
        "category_key": _("Category"),
        "requested_amount": _("Requested amount (VND)"),
        "status": _("Status"),
        "eligibility": _("Eligibility"),
        "eligibility_reason": _("Eligibility reason"),
        "version_total": _("Versions"),
        "submitted_at": _("Last submitted"),
        "latest_sha256": _("SHA-256 of the latest version"),
    }
    export_filename = "submissions"
    form_fields = ["eligibility"]
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("eligibility/<int:pk>/", self.eligibility_view, name="eligibility"),
            path("extend-deadline/", self.extend_deadline_view, name="extend_deadline"),
        ]

    def eligibility_view(self, request, pk: int):
        if not (request.user.is_active and request.user.is_staff) or request.method != "POST":
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=pk)
        form = EligibilityForm(request.POST)
        if form.is_valid():
            try:
                actions.submission_decide_eligibility(
                    submission=submission,
                    eligibility=form.cleaned_data["eligibility"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    request=request,
                )
            except (ValidationError, actions.ActionRefused) as error:
                messages.error(request, getattr(error, "message", None) or str(error))
            else:
                messages.success(request, _("The eligibility decision was recorded."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(self.get_url_name("inspect"), pk=submission.pk)

    def extend_deadline_view(self, request):
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        form = ExtendDeadlineForm(request.POST or None)
        calls = list(call_pages().specific())
        chosen = next((c for c in calls if str(c.pk) == request.GET.get("call")), None)
        if request.method == "POST":
            chosen = next((c for c in calls if str(c.pk) == request.POST.get("call")), None)
            if chosen is None:
                form.add_error(None, _("Choose a call."))
            elif form.is_valid():
                try:
                    actions.call_extend_deadline(
                        call=chosen,
                        closes_at=form.cleaned_data["closes_at"],
                        actor=request.user,
                        request=request,
                    )
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error("closes_at", message)
                else:
                    messages.success(request, _("The deadline was extended."))
                    return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "submissions/admin/extend_deadline.html",
            {"form": form, "calls": calls, "chosen": chosen},
        )


class StaffModelViewSet(ModelViewSet):
    copy_view_enabled = False


class CallQuestionViewSet(StaffModelViewSet):
    model = CallQuestion
    icon = "help"
    menu_label = _("Call questions")
    url_prefix = "call-questions"
    name = "call_questions"
    list_display = ["display_label", "call", "kind", "required", "sort_order"]
    list_filter = ["kind", "required"]
    search_fields = ["label", "label_en", "key"]
    search_backend_name = None
    panels = [
        PageChooserPanel("call", CALL_PAGE_TYPES),
        FieldRowPanel([FieldPanel("key"), FieldPanel("sort_order")]),
        FieldPanel("label"),
        FieldPanel("label_en"),
        FieldPanel("help_text"),
        FieldPanel("help_text_en"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]


class CallSettingsViewSet(StaffModelViewSet):
    model = CallSettings
    icon = "cog"
    menu_label = _("Call submission settings")
    url_prefix = "call-settings"
    name = "call_settings"
    list_display = ["call", "max_files", "max_file_bytes", "max_total_bytes", "allow_zip"]
    panels = [
        PageChooserPanel("call", CALL_PAGE_TYPES),
        FieldPanel("reference_code"),
        FieldRowPanel([FieldPanel("max_files"), FieldPanel("max_active_submissions")]),
        FieldRowPanel([FieldPanel("max_file_bytes"), FieldPanel("max_total_bytes")]),
        FieldPanel("allow_zip"),
    ]


class ClarificationEditView(generic.EditView):
    def save_instance(self):
        return actions.clarification_answer(
            question=self.object,
            answer=self.form.cleaned_data.get("answer", ""),
            question_en=self.form.cleaned_data.get("question_en", ""),
            answer_en=self.form.cleaned_data.get("answer_en", ""),
            publish=self.form.cleaned_data.get("is_published", False),
            actor=self.request.user,
            request=self.request,
        )


class ClarificationQuestionViewSet(StaffModelViewSet):
    model = ClarificationQuestion
    icon = "help"
    menu_label = _("Clarification questions")
    url_prefix = "clarification-questions"
    name = "clarification_questions"
    edit_view_class = ClarificationEditView
    list_display = ["question", "call", "is_published", DateColumn("created_at")]
    list_filter = ["is_published"]
    search_fields = ["question", "answer", "question_en", "answer_en"]
    search_backend_name = None
    panels = [
        FieldPanel("question", read_only=True),
        FieldPanel("answer"),
        FieldPanel("question_en"),
        FieldPanel("answer_en"),
        FieldPanel("is_published"),
    ]


class OrganisationViewSet(StaffModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    url_prefix = "organisations"
    name = "organisations_admin"
    inspect_view_enabled = True
    list_display = ["name", "tax_code", "province", "size", DateColumn("created_at")]
    list_filter = ["size", "sector"]
    search_fields = ["name", "tax_code", "contact_email"]
    search_backend_name = None
    form_fields = ["name"]
    list_export = ["name", "tax_code", "address", "province", "sector", "size", "website"]
    export_filename = "organisations"


class SubmissionsGroup(ModelViewSetGroup):
    menu_label = _("Submissions")
    menu_icon = "doc-full"
    menu_order = 250
    items = (
        SubmissionViewSet,
        OrganisationViewSet,
        ClarificationQuestionViewSet,
        CallQuestionViewSet,
        CallSettingsViewSet,
    )


@hooks.register("register_admin_viewset")
def register_submissions_viewsets():
    return SubmissionsGroup()


@hooks.register("register_page_header_buttons")
def extend_deadline_page_button(page, user, view_name, next_url=None):
    """The call page's header links to the audited deadline extension (staff only)."""
    if not (user.is_active and user.is_staff) or page.specific_class not in CALL_MODELS:
        return
    call = canonical_call(page)
    yield Button(
        _("Extend deadline"),
        reverse("submissions_admin:extend_deadline") + f"?call={call.pk}",
        icon_name="time",
        priority=90,
    )
