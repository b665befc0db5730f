"""Award pages: staff screens for policies and runs (behind ``judging_view``: sign-in, TOTP,
and ``judging.manage_awards`` else 404), the public results page, appeals and the Stripe webhook."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from judging import award_reads, awards, payments
from judging.access import judging_view
from judging.actions import ActionRefused
from judging.models import AllocationDecision, AllocationRun, Appeal, Award, AwardPolicy

# --- forms ------------------------------------------------------------------------------------


class SimulateForm(forms.Form):
    budget = forms.IntegerField(label=gettext_lazy("Budget (VND)"), min_value=0, required=False)
    overall_min = forms.DecimalField(
        label=gettext_lazy("Overall minimum score"), required=False, max_digits=10
    )
    min_reviews = forms.IntegerField(
        label=gettext_lazy("Minimum reviews"), min_value=1, required=False
    )

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tier_keys = [t.key for t in tiers]
        for tier in tiers:
            self.fields[f"amount_{tier.key}"] = forms.IntegerField(
                label=_("%(tier)s: amount (VND)") % {"tier": tier.name},
                min_value=1,
                required=False,
            )
            self.fields[f"count_{tier.key}"] = forms.IntegerField(
                label=_("%(tier)s: places") % {"tier": tier.name}, min_value=1, required=False
            )

    def overrides(self) -> dict:
        data = self.cleaned_data
        tiers = {}
        for key in self.tier_keys:
            change = {}
            if data.get(f"amount_{key}") is not None:
                change["amount"] = data[f"amount_{key}"]
            if data.get(f"count_{key}") is not None:
                change["count"] = data[f"count_{key}"]
            if change:
                tiers[key] = change
        overall = data.get("overall_min")
        return {
            "budget": data.get("budget"),
            "overall_min": None if overall is None else str(overall),
            "min_reviews": data.get("min_reviews"),
            "tiers": tiers,
        }


class TiebreakForm(forms.Form):
    order = forms.CharField(
        label=gettext_lazy("Committee order"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Entry references, best first, one a line."),
    )

    def cleaned_order(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["order"].splitlines() if line.strip()]


class BankTransferForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Bank reference"), max_length=100)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your appeal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


# --- staff ---------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm("judging.manage_awards"):
        raise Http404


@judging_view
def policies(request: HttpRequest) -> HttpResponse:
    _staff(request)
    rows = AwardPolicy.objects.select_related("call", "ledger").order_by("name", "pk")
    return render(request, "judging/awards/policies.html", {"policies": rows})


@judging_view
def policy(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    policy = get_object_or_404(AwardPolicy.objects.select_related("call"), pk=pk)
    tiers = list(policy.tiers.all())
    simulation = None
    form = SimulateForm(tiers=tiers)
    if request.method == "POST":
        if request.POST.get("step") == "start":
            try:
                run = awards.allocation_start(policy=policy, actor=request.user, request=request)
            except ActionRefused as error:
                messages.error(request, error.message)
                return redirect("judging:award_policy", pk=policy.pk)
            messages.success(request, _("The run is stored. A second staff member approves it."))
            return redirect("judging:award_run", pk=run.pk)
        form = SimulateForm(request.POST, tiers=tiers)
        if form.is_valid():
            try:
                simulation = awards.allocation_simulate(policy=policy, overrides=form.overrides())
            except ActionRefused as error:
                form.add_error(None, error.message)
    return render(
        request,
        "judging/awards/policy.html",
        {
            "policy": policy,
            "tiers": tiers,
            "ledger": awards.ledger_for(policy),
            "runs": award_reads.policy_runs(policy),
            "form": form,
            "simulation": simulation,
            "tier_names": {t.key: t.name for t in tiers},
        },
    )


def _run_context(request, run: AllocationRun, **extra) -> dict:
    award_rows = list(
        Award.objects.filter(run=run).select_related("submission", "payout").order_by("pk")
    )
    appeals = list(
        Appeal.objects.filter(decision__run=run)
        .select_related("decision", "author", "answered_by")
        .order_by("created_at", "pk")
    )
    return {
        "run": run,
        "rows": award_reads.run_rows(run),
        "ledger": awards.ledger_for(run.policy),
        "awards": award_rows,
        "appeals": appeals,
        "can_pay": request.user.has_perm("judging.pay_awards"),
        "can_approve": run.approved_at is None and run.started_by_id != request.user.pk,
        "tiebreak_form": TiebreakForm(),
        "bank_form": BankTransferForm(),
        "unfilled": [
            u["explanation"]["en" if request.LANGUAGE_CODE == "en" else "vi"]
            for u in run.result_json["unfilled_tiers"]
        ],
        **extra,
    }


def _run_step(request, run: AllocationRun):
    step = request.POST.get("step")
    user = request.user
    if step == "approve":
        awards.allocation_approve(run=run, actor=user, request=request)
        messages.success(request, _("The run is approved and the awards are created."))
    elif step == "publish":
        awards.results_publish(run=run, actor=user, request=request)
        messages.success(request, _("The results are published; entrants are being told."))
    elif step == "tiebreak":
        form = TiebreakForm(request.POST)
        if not form.is_valid():
            raise ActionRefused(_("Give the committee's order."))
        new = awards.allocation_tiebreak(
            run=run, order=form.cleaned_order(), actor=user, request=request
        )
        messages.success(request, _("The committee's order is recorded in a new run."))
        return redirect("judging:award_run", pk=new.pk)
    elif step in ("pay", "bank"):
        if not user.has_perm("judging.pay_awards"):
            raise Http404
        award = get_object_or_404(Award, pk=request.POST.get("award"), run=run)
        if step == "pay":
            awards.payout_create(award=award, actor=user, request=request)
        else:
            form = BankTransferForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(_("Give the bank's reference."))
            awards.payout_record_bank(
                award=award, reference=form.cleaned_data["reference"], actor=user, request=request
            )
        messages.success(request, _("The payment is recorded."))
    elif step == "answer":
        appeal = get_object_or_404(Appeal, pk=request.POST.get("appeal"), decision__run=run)
        text = (request.POST.get("answer") or "").strip()
        if not text:
            raise ActionRefused(_("Write an answer."))
        awards.appeal_answer(appeal=appeal, text=text, actor=user, request=request)
        messages.success(request, _("The answer is recorded and visible to the entrant."))
    else:
        raise Http404
    return redirect("judging:award_run", pk=run.pk)


@judging_view
def run(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(
        AllocationRun.objects.select_related("policy", "started_by", "approved_by"), pk=pk
    )
    if request.method == "POST":
        try:
            return _run_step(request, run)
        except ActionRefused as error:
            messages.error(request, error.message)
            return redirect("judging:award_run", pk=run.pk)
    return render(request, "judging/awards/run.html", _run_context(request, run))


# --- public results and appeals ----------------------------------------------------------------


def _page_in_language(page_id: int):
    page = get_object_or_404(Page, pk=page_id)
    locale = Locale.get_active()
    translated = page.get_translation_or_none(locale) if page.locale_id != locale.pk else page
    return (translated or page).specific


def results(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_in_language(page_id)
    blocks = award_reads.results_for_page(page)
    if not blocks:
        raise Http404
    decisions = award_reads.my_decisions(page, request.user)
    now = timezone.now()
    return render(
        request,
        "judging/awards/results.html",
        {
            "call": page,
            "blocks": blocks,
            "my_decisions": [
                (
                    d,
                    deadline,
                    deadline is not None and now <= deadline,
                    AppealForm(prefix=f"d{d.pk}"),
                )
                for d in decisions
                for deadline in [awards.appeal_deadline(d)]
            ],
            "english": request.LANGUAGE_CODE == "en",
        },
    )


@require_POST
def appeal(request: HttpRequest, page_id: int, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        AllocationDecision.objects.select_related(
            "run__policy", "submission__organisation", "submission__participant"
        ),
        pk=decision_id,
        run__published_at__isnull=False,
    )
    if not request.user.has_perm("judging.appeal_decision", decision):
        raise Http404
    form = AppealForm(request.POST, prefix=f"d{decision.pk}")
    if form.is_valid():
        try:
            awards.appeal_file(
                decision=decision, text=form.cleaned_data["text"], actor=request.user
            )
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your appeal is filed. Staff will answer here."))
    else:
        messages.error(request, _("Write your appeal (up to 5000 characters)."))
    return redirect("judging:results", page_id=page_id)


# --- Stripe -------------------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = payments.verify_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except payments.WebhookRejected:
        return HttpResponse(status=400)
    awards.webhook_apply(event=event)
    return HttpResponse(status=200)
