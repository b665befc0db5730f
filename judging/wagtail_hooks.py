"""Staff screens for judging in the Wagtail admin, the rubric section of call pages and the
judge's panel on the account dashboard. Every staff screen here needs TOTP as well."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

import judging.sponsor_admin  # noqa: F401 - registers the sponsor prize hooks
from challenges.enums import Sector
from challenges.templatetags.call_tags import AwardBudget, CallSection
from cms.audit import record
from judging import actions, awards, open_data, reads
from judging.access import has_totp, require_totp
from judging.enums import ConflictSource, ReviewStatus
from judging.forms import AdvanceForm, AssignmentAddForm
from judging.models import (
    Assignment,
    AwardPolicy,
    Conflict,
    JudgeProfile,
    Panel,
    PanelInvitation,
    PayeeAccount,
    Round,
    Rubric,
)
from judging.rules import is_finance as rules_is_finance

# --- call pages and the account dashboard -----------------------------------------------------


@hooks.register("call_page_sections")
def rubric_section(page, request):
    """The criteria table of a call, read from the rubric records scoring uses."""
    if page is None or not getattr(page, "translation_key", None):
        return None
    rubrics = reads.rubrics_for_page(page)
    if not rubrics:
        return None
    if any(rubric.category_key for rubric in rubrics) and hasattr(page, "categories"):
        # Categories belong to each language's page; rubrics point at the default-language one.
        names = {category.key: category.name for category in page.categories.all()}
        for rubric in rubrics:
            rubric.category_name = names.get(rubric.category_key, rubric.category_key)
    return CallSection("judging/includes/rubric_table.html", {"rubrics": rubrics}, order=40)


@hooks.register("call_page_sections")
def prize_section(page, request):
    """Prize table and budget from the award policy records, and the results link."""
    if page is None or not getattr(page, "translation_key", None):
        return None
    policies = awards.prize_tables_for_page(page)
    if not policies:
        return None
    english = (get_language() or "").startswith("en")
    for policy in policies:
        policy["name"] = policy["name_en"] if english else policy["name_vi"]
        for tier in policy["tiers"]:
            tier["name"] = tier["name_en"] if english else tier["name_vi"]
    published = getattr(page, "results_published_at", None) is not None
    url = reverse("judging:results", kwargs={"page_id": page.pk}) if published else None
    return CallSection(
        "judging/includes/prize_table.html",
        {"policies": policies, "results_url": url},
        order=45,
    )


@hooks.register("call_award_budgets")
def call_award_budgets(pages) -> dict[str, AwardBudget]:
    """The total budget of the award policies covering each call (in any language): for one
    call page from its cached prize tables, for a list in one query whatever its length."""
    keys = {page.translation_key for page in pages if getattr(page, "translation_key", None)}
    if not keys:
        return {}
    if len(pages) == 1:
        tables = awards.prize_tables_for_page(pages[0])
        if not tables:
            return {}
        return {
            pages[0].translation_key: AwardBudget(
                total=sum(table["budget"] for table in tables),
                shared=any(table.get("is_pool") for table in tables),
            )
        }
    rows = AwardPolicy.objects.filter(
        Q(call__translation_key__in=keys) | Q(pool_calls__translation_key__in=keys)
    ).values_list("pk", "budget", "call__translation_key", "pool_calls__translation_key")
    budgets: dict[str, dict[int, int]] = {}
    shared: set[str] = set()
    for policy_id, budget, call_key, pool_key in rows:
        if call_key in keys:
            budgets.setdefault(call_key, {})[policy_id] = budget
        if pool_key in keys:
            budgets.setdefault(pool_key, {})[policy_id] = budget
            shared.add(pool_key)
    return {
        key: AwardBudget(total=sum(by_policy.values()), shared=key in shared)
        for key, by_policy in budgets.items()
    }


@hooks.register("open_data_downloads")
def results_downloads(request):
    return open_data.open_data_links(request)


@hooks.register("cms_account_sections")
def judging_account_section(request):
    user = request.user
    if not user.has_perm("judging.use_judging"):
        return None
    assignments = Assignment.objects.active().filter(judge=user)
    return {
        "template": "judging/includes/account_section.html",
        "total": assignments.count(),
        "done": assignments.filter(review__status=ReviewStatus.SUBMITTED).count(),
        "needs_totp": not has_totp(user),
    }


# --- permissions and audit ---------------------------------------------------------------------


class StaffPolicy(BasePermissionPolicy):
    """Any active staff member may do ``allowed``; nobody may do anything else."""

    def __init__(self, model, allowed: tuple[str, ...]) -> None:
        super().__init__(model)
        self.allowed = set(allowed)

    def user_has_permission(self, user, action) -> bool:
        return bool(user.is_active and user.is_staff and action in self.allowed)

    def users_with_permission(self, action):
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        return users if action in self.allowed else users.none()


ALL = ("add", "change", "delete", "view")
for _model, _allowed in (
    (Rubric, ALL),
    (Panel, ALL),
    (PanelInvitation, ("add", "view")),
    (JudgeProfile, ALL),
    (Conflict, ("add", "view")),
    (Round, ("add", "change", "view")),
    (AwardPolicy, ALL),
):
    register_permission_policy(_model, StaffPolicy(_model, _allowed), exact_class=True)


class FinancePolicy(StaffPolicy):
    """Staff may look; only Finance (or a superuser) may change where money goes."""

    def user_has_permission(self, user, action) -> bool:
        if action == "view":
            return super().user_has_permission(user, action)
        return action in self.allowed and rules_is_finance(user)

    def users_with_permission(self, action):
        users = super().users_with_permission(action)
        if action == "view":
            return users
        return users.filter(Q(is_superuser=True) | Q(groups__name="Finance")).distinct()


register_permission_policy(PayeeAccount, FinancePolicy(PayeeAccount, ALL), exact_class=True)


def _state(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        data[field.attname] = value if isinstance(value, int | bool | type(None)) else str(value)
    return data


class AuditedCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        record(
            actor=self.request.user,
            action=f"{instance._meta.model_name}.create",
            target=instance,
            after=_state(instance),
            request=self.request,
        )
        return instance


class AuditedEditView(generic.EditView):
    def save_instance(self):
        before = _state(type(self.object).objects.get(pk=self.object.pk))
        instance = super().save_instance()
        record(
            actor=self.request.user,
            action=f"{instance._meta.model_name}.edit",
            target=instance,
            before=before,
            after=_state(instance),
            request=self.request,
        )
        return instance


class AuditedDeleteView(generic.DeleteView):
    def delete_action(self):
        record(
            actor=self.request.user,
            action=f"{self.object._meta.model_name}.delete",
            target=self.object,
            before=_state(self.object),
            request=self.request,
        )
        super().delete_action()


class JudgingViewSet(ModelViewSet):
    """Audited screens, and no page of them opens without TOTP."""

    copy_view_enabled = False
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = require_totp(pattern.callback)
        return patterns


# --- rubrics ----------------------------------------------------------------------------------


class RubricForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_frozen:
            raise ValidationError(
                _(
                    "This rubric is frozen: reviews have been submitted with it, so changing "
                    "its criteria would make their scores mean something else."
                ),
                code="frozen",
            )
        return data


class RubricDeleteView(AuditedDeleteView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.is_frozen:
            messages.error(
                request,
                _(
                    "This rubric is frozen: reviews have been submitted with it. It cannot be deleted."
                ),
            )
            return redirect("judging_rubrics:edit", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class RubricViewSet(JudgingViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = _("Rubrics")
    url_prefix = "judging/rubrics"
    name = "judging_rubrics"
    list_display = ["__str__", "category_key", "aggregation", DateColumn("frozen_at")]
    delete_view_class = RubricDeleteView
    edit_handler = ObjectList(Rubric.panels, base_form_class=RubricForm)


# --- panels, invitations, judges ------------------------------------------------------------------


class PanelViewSet(JudgingViewSet):
    model = Panel
    icon = "group"
    menu_label = _("Panels")
    url_prefix = "judging/panels"
    name = "judging_panels"
    list_display = ["name", "category_key", "chair"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/detect/", require_totp(self.detect_view), name="detect"),
        ]

    def detect_view(self, request, pk: int):
        if not request.user.is_staff or request.method != "POST":
            raise PermissionDenied
        panel = get_object_or_404(Panel, pk=pk)
        created = actions.conflicts_detect(panel=panel, actor=request.user, request=request)
        messages.success(request, _("%(count)s new conflicts detected.") % {"count": len(created)})
        return redirect("judging_conflicts:index")


class InvitationForm(WagtailAdminModelForm):
    class Meta:
        model = PanelInvitation
        fields = ["panel", "email"]


class InvitationCreateView(generic.CreateView):
    def save_instance(self):
        return actions.panel_invitation_create(
            panel=self.form.cleaned_data["panel"],
            email=self.form.cleaned_data["email"],
            actor=self.request.user,
            request=self.request,
        )


class PanelInvitationViewSet(JudgingViewSet):
    model = PanelInvitation
    icon = "mail"
    menu_label = _("Panel invitations")
    url_prefix = "judging/invitations"
    name = "judging_invitations"
    add_view_class = InvitationCreateView
    list_display = ["email", "panel", DateColumn("sent_at"), DateColumn("accepted_at")]
    form_fields = ["panel", "email"]


class JudgeProfileForm(WagtailAdminModelForm):
    expertise = forms.MultipleChoiceField(
        label=_("Expertise sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email_domains = forms.CharField(
        label=_("E-mail domains"),
        required=False,
        help_text=_("Separated by commas, e.g. humg.edu.vn, vinacomin.vn"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["email_domains"] = ", ".join(self.instance.email_domains or [])

    def clean_email_domains(self):
        raw = self.cleaned_data.get("email_domains") or ""
        return sorted({d.strip().lower() for d in raw.split(",") if d.strip()})


class JudgeProfileViewSet(JudgingViewSet):
    model = JudgeProfile
    icon = "user"
    menu_label = _("Judge profiles")
    url_prefix = "judging/judges"
    name = "judging_judges"
    list_display = ["user", "expertise"]
    search_fields = ["user__email", "user__display_name"]
    search_backend_name = None
    edit_handler = ObjectList(JudgeProfile.panels, base_form_class=JudgeProfileForm)


# --- conflicts ----------------------------------------------------------------------------------


class ConflictForm(WagtailAdminModelForm):
    class Meta:
        model = Conflict
        fields = ["judge", "organisation", "submission", "reason"]

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("submission")):
            raise ValidationError(_("Choose an organisation or an entry, not both."))
        return data


class ConflictCreateView(generic.CreateView):
    def save_instance(self):
        conflict, _created = actions.conflict_record(
            judge=self.form.cleaned_data["judge"],
            organisation=self.form.cleaned_data.get("organisation"),
            submission=self.form.cleaned_data.get("submission"),
            reason=self.form.cleaned_data["reason"],
            source=ConflictSource.STAFF,
            actor=self.request.user,
            request=self.request,
        )
        return conflict


class ConflictViewSet(JudgingViewSet):
    model = Conflict
    icon = "warning"
    menu_label = _("Conflicts of interest")
    url_prefix = "judging/conflicts"
    name = "judging_conflicts"
    add_view_class = ConflictCreateView
    list_display = [
        "judge",
        "organisation",
        "submission",
        Column("source", label=_("Source"), accessor="get_source_display"),
        "reason",
        DateColumn("created_at"),
    ]
    list_filter = ["source"]
    search_fields = ["judge__email", "organisation__name", "reason"]
    search_backend_name = None
    form_fields = ["judge", "organisation", "submission", "reason"]

    def get_form_class(self, for_update=False):
        return ConflictForm


# --- rounds: assignment preview → adjust → confirm, advancing ------------------------------------


class RoundEditView(AuditedEditView):
    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        buttons += [
            HeaderButton(
                _("Assign judges"),
                url=reverse("judging_rounds:assign", args=[self.object.pk]),
                icon_name="group",
            ),
            HeaderButton(
                _("Advance to final"),
                url=reverse("judging_rounds:advance", args=[self.object.pk]),
                icon_name="arrow-right",
            ),
            HeaderButton(
                _("Dashboard"),
                url=reverse("judging:dashboard", kwargs={"pk": self.object.pk}),
                icon_name="view",
            ),
        ]
        return buttons


class RoundViewSet(JudgingViewSet):
    model = Round
    icon = "date"
    menu_label = _("Judging rounds")
    url_prefix = "judging/rounds"
    name = "judging_rounds"
    edit_view_class = RoundEditView
    list_display = ["__str__", "panel", "judges_per_entry", DateColumn("due_at"), "blind"]
    list_filter = ["kind", "blind"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/assign/", require_totp(self.assign_view), name="assign"),
            path("<int:pk>/advance/", require_totp(self.advance_view), name="advance"),
        ]

    def assign_view(self, request, pk: int):
        if not request.user.is_staff:
            raise PermissionDenied
        round = get_object_or_404(Round.objects.select_related("panel", "call"), pk=pk)
        add_form = AssignmentAddForm(round)
        if request.method == "POST":
            step = request.POST.get("step")
            try:
                if step == "propose":
                    result = actions.assignments_propose(
                        round=round, actor=request.user, request=request
                    )
                    if result.shortfall:
                        messages.warning(
                            request,
                            _(
                                "Not every entry could get %(k)s judges: %(count)s entries are "
                                "short, because of conflicts or too few judges."
                            )
                            % {"k": round.judges_per_entry, "count": len(result.shortfall)},
                        )
                    else:
                        messages.success(request, _("A proposal is ready. Check it, then confirm."))
                elif step == "add":
                    add_form = AssignmentAddForm(round, request.POST)
                    if add_form.is_valid():
                        actions.assignment_add(
                            round=round,
                            judge=add_form.cleaned_data["judge"],
                            submission=add_form.cleaned_data["submission"],
                            actor=request.user,
                            request=request,
                        )
                        messages.success(request, _("The judge was added."))
                elif step == "remove":
                    assignment = get_object_or_404(
                        Assignment, pk=request.POST.get("assignment"), round=round
                    )
                    actions.assignment_remove(
                        assignment=assignment, actor=request.user, request=request
                    )
                    messages.success(request, _("The judge was removed."))
                elif step == "confirm":
                    count = actions.assignments_confirm(
                        round=round, actor=request.user, request=request
                    )
                    messages.success(
                        request,
                        _("%(count)s assignments confirmed; the judges are notified.")
                        % {"count": count},
                    )
            except actions.ActionRefused as error:
                messages.error(request, error.message)
            if step != "add" or add_form.is_valid():
                return redirect("judging_rounds:assign", pk=round.pk)
        assignments = list(
            Assignment.objects.filter(round=round, voided_at=None)
            .select_related("judge", "submission")
            .order_by("submission_id", "judge__email")
        )
        loads: dict = {}
        per_entry: dict = {}
        for assignment in assignments:
            loads[assignment.judge] = loads.get(assignment.judge, 0) + 1
            per_entry.setdefault(assignment.submission, []).append(assignment)
        entries = list(reads.round_submissions(round))
        return TemplateResponse(
            request,
            "judging/admin/assign.html",
            {
                "round": round,
                "page_title": _("Assign judges"),
                "header_icon": "group",
                "rows": [(s, per_entry.get(s, [])) for s in entries],
                "loads": sorted(loads.items(), key=lambda item: item[0].email),
                "proposed": sum(1 for a in assignments if a.confirmed_at is None),
                "add_form": add_form,
            },
        )

    def advance_view(self, request, pk: int):
        if not request.user.is_staff:
            raise PermissionDenied
        round = get_object_or_404(Round, pk=pk)
        form = AdvanceForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                final, advanced = actions.round_advance(
                    round=round,
                    actor=request.user,
                    top_n=form.cleaned_data.get("top_n"),
                    min_score=form.cleaned_data.get("min_score"),
                    due_at=form.cleaned_data.get("due_at"),
                    request=request,
                )
            except actions.ActionRefused as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s entries advanced to the final round.") % {"count": len(advanced)},
                )
                return redirect("judging_rounds:assign", pk=final.pk)
        return TemplateResponse(
            request,
            "judging/admin/advance.html",
            {
                "round": round,
                "form": form,
                "page_title": _("Advance to the final round"),
                "header_icon": "arrow-right",
            },
        )


# --- award policies -------------------------------------------------------------------------------


class AwardPolicyForm(WagtailAdminModelForm):
    """Validates through ``allocation.parse_policy`` (the same rules a run applies) and keeps the
    warnings for the view to show."""

    def clean(self):
        data = super().clean()
        call, pool = data.get("call"), data.get("pool_calls")
        if bool(call) == bool(pool and len(pool)):
            raise ValidationError(_("Choose one call, or a pool of calls, not both."))
        if pool and data.get("category_key"):
            raise ValidationError(_("A category belongs to one call, not to a pool."))
        formset = self.formsets.get("tiers")
        rows = []
        if formset is not None and formset.is_valid():
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                    continue
                if form.cleaned_data.get("DELETE"):
                    continue
                rows.append((SimpleNamespace(**form.cleaned_data), form))
        rows.sort(key=lambda row: row[0].ORDER if getattr(row[0], "ORDER", None) is not None else 0)
        tiers = [tier for tier, _form in rows]
        for name in self._meta.model._meta.concrete_fields:
            if name.name in data:
                setattr(self.instance, name.attname, data[name.name])
        if call:
            self.instance.call_id = call.pk
        call_ids = [call.pk] if call else sorted(p.pk for p in pool)
        if all(getattr(t, "key", None) and t.amount is not None for t in tiers):
            problem, self.policy_warnings = awards.policy_problems(self.instance, tiers, call_ids)
            if problem:
                self._add_policy_problem(problem, [form for _tier, form in rows])
        return data

    def _add_policy_problem(self, problem: awards.PolicyProblem, tier_forms: list) -> None:
        """On the tier row or policy field it is about, else above the form."""
        if problem.tier is not None:
            if problem.tier < len(tier_forms) and problem.field in tier_forms[problem.tier].fields:
                tier_forms[problem.tier].add_error(problem.field, problem.message)
                return
        elif problem.field in self.fields:
            self.add_error(problem.field, problem.message)
            return
        raise ValidationError(problem.message)


class _PolicyWarnings:
    def save_instance(self):
        instance = super().save_instance()
        awards.ledger_sync(instance)
        for warning in getattr(self.form, "policy_warnings", []):
            messages.warning(self.request, warning)
        return instance


class AwardPolicyCreateView(_PolicyWarnings, AuditedCreateView):
    pass


class AwardPolicyEditView(_PolicyWarnings, AuditedEditView):
    def get_header_more_buttons(self):
        return list(super().get_header_more_buttons()) + [
            HeaderButton(
                _("Runs"),
                url=reverse("judging:award_policy", kwargs={"pk": self.object.pk}),
                icon_name="view",
            )
        ]


class AwardPolicyViewSet(JudgingViewSet):
    model = AwardPolicy
    icon = "pick"
    menu_label = _("Award policies")
    url_prefix = "judging/award-policies"
    name = "judging_award_policies"
    add_view_class = AwardPolicyCreateView
    edit_view_class = AwardPolicyEditView
    list_display = ["name", "call", "category_key", "mode", "budget"]
    edit_handler = ObjectList(AwardPolicy.panels, base_form_class=AwardPolicyForm)


class PayeeAccountViewSet(JudgingViewSet):
    model = PayeeAccount
    icon = "form"
    menu_label = _("Payee accounts")
    url_prefix = "judging/payee-accounts"
    name = "judging_payee_accounts"
    list_display = ["organisation", "stripe_account_id", "ready"]
    form_fields = ["organisation", "stripe_account_id", "ready"]


class JudgingGroup(ModelViewSetGroup):
    menu_label = _("Judging")
    menu_icon = "tasks"
    menu_order = 260
    items = (
        RoundViewSet,
        PanelViewSet,
        PanelInvitationViewSet,
        JudgeProfileViewSet,
        ConflictViewSet,
        RubricViewSet,
        AwardPolicyViewSet,
        PayeeAccountViewSet,
    )


@hooks.register("register_admin_viewset")
def register_judging_viewsets():
    return JudgingGroup()


@hooks.register("cms_purge_urls")
def results_urls(page) -> list[str]:
    """A call's results page and results files, and the all-results files, in each language."""
    if not hasattr(page.specific, "results_published_at"):
        return []
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [
                reverse("judging:results", kwargs={"page_id": page.pk}),
                reverse("judging:call_results_csv", kwargs={"page_id": page.pk}),
                reverse("judging:call_results_json", kwargs={"page_id": page.pk}),
                reverse("judging:results_csv"),
                reverse("judging:results_json"),
            ]
    return paths
