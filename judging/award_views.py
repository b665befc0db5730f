"""Award pages: staff screens for policies and runs (behind ``judging_view``: sign-in, TOTP,
and ``judging.manage_awards`` else 404), the public results page, appeals and the Stripe webhook."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from judging import award_reads, awards, payments
from judging.access import judging_view
from judging.actions import ActionRefused
from judging.models import (
    AllocationDecision,
    AllocationRun,
    Appeal,
    Award,
    AwardPolicy,
    PayeeAccount,
)
from submissions.models import Organisation
from submissions.rules import is_org_member, is_org_owner

logger = logging.getLogger(__name__)

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


class ReversalSettleForm(forms.Form):
    """Finance paid the reversed amount again by bank transfer; ``outstanding`` is the amount
    the page showed, so a reversal that arrived meanwhile is not settled unseen."""

    reference = forms.CharField(label=gettext_lazy("Bank reference"), max_length=100)
    outstanding = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class ReversalReleaseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the reversed amount will not be paid again"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outstanding = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


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
        .select_related("decision", "author")
        .prefetch_related("replies__author")
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
    elif step in ("pay", "bank", "settle_reversal", "release_reversal"):
        if not user.has_perm("judging.pay_awards"):
            raise Http404
        award = get_object_or_404(Award, pk=request.POST.get("award"), run=run)
        if step == "settle_reversal":
            form = ReversalSettleForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(_("Give the bank's reference."))
            awards.payout_settle_reversal(
                award=award,
                reference=form.cleaned_data["reference"],
                outstanding=form.cleaned_data["outstanding"],
                actor=user,
                request=request,
            )
            messages.success(request, _("The repayment of the reversed amount is recorded."))
        elif step == "release_reversal":
            form = ReversalReleaseForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(_("Give the reason for releasing the reversed amount."))
            awards.payout_release_reversal(
                award=award,
                reason=form.cleaned_data["reason"],
                outstanding=form.cleaned_data["outstanding"],
                actor=user,
                request=request,
            )
            messages.success(request, _("The reversed amount is released to the budget."))
        elif step == "pay":
            awards.payout_request(award=award, actor=user, request=request)
            messages.success(
                request, _("The Stripe transfer is queued; its status will show here.")
            )
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
    try:
        awards.webhook_apply(event=event)
    except payments.PaymentError as error:
        # Re-reading the object from Stripe failed; nothing was stored, so Stripe's redelivery
        # of this event is processed in full.
        logger.warning("Stripe event %s not applied: %s", event.id, error)
        return HttpResponse(status=503)
    return HttpResponse(status=200)


# --- Stripe Connect onboarding for winners ---------------------------------------------------


def _payee_organisation(request: HttpRequest, organisation_id: int, *, owner: bool):
    """The organisation, if the user is a member (an owner when ``owner``) and it has a published
    award; 404 otherwise."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    allowed = is_org_owner if owner else is_org_member
    if not allowed(request.user, organisation):
        raise Http404
    if not awards.organisation_awards(organisation).exists():
        raise Http404
    return organisation


def _site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _onboarding_redirect(request: HttpRequest, organisation) -> HttpResponse:
    try:
        url = awards.payee_onboarding_link(
            organisation=organisation,
            actor=request.user,
            refresh_url=_site_url("judging:payee_refresh", organisation_id=organisation.pk),
            return_url=_site_url("judging:payee_return", organisation_id=organisation.pk),
            request=request,
        )
    except payments.PaymentError as error:
        logger.warning("Stripe onboarding for organisation %s failed: %s", organisation.pk, error)
        messages.error(
            request, _("Stripe could not be reached. Nothing was changed; please try again.")
        )
        return redirect("judging:payee", organisation_id=organisation.pk)
    return redirect(url)


@login_required
def payee(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _payee_organisation(request, organisation_id, owner=False)
    account = PayeeAccount.objects.filter(organisation=organisation).first()
    return render(
        request,
        "judging/awards/payee.html",
        {
            "organisation": organisation,
            "account": account,
            "status": account.onboarding_status if account else "not_started",
            "is_owner": is_org_owner(request.user, organisation),
            "awards": awards.organisation_awards(organisation),
        },
    )


@login_required
@require_POST
def payee_onboard(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _payee_organisation(request, organisation_id, owner=True)
    return _onboarding_redirect(request, organisation)


@login_required
def payee_refresh(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Stripe's ``refresh_url``: the onboarding link expired; give a new one (never a new account)."""
    organisation = _payee_organisation(request, organisation_id, owner=True)
    if (
        not PayeeAccount.objects.filter(organisation=organisation)
        .exclude(stripe_account_id="")
        .exists()
    ):
        return redirect("judging:payee", organisation_id=organisation.pk)
    return _onboarding_redirect(request, organisation)


@login_required
def payee_return(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Stripe's ``return_url``: re-read the account so the owner sees where they stand now (the
    ``account.updated`` webhook does the same if this read fails)."""
    organisation = _payee_organisation(request, organisation_id, owner=True)
    account = PayeeAccount.objects.filter(organisation=organisation).first()
    if account is not None and account.stripe_account_id:
        try:
            account = (
                awards.payee_account_sync(stripe_account_id=account.stripe_account_id) or account
            )
        except payments.PaymentError as error:
            logger.warning("Stripe account %s not re-read: %s", account.stripe_account_id, error)
        if account.ready:
            messages.success(request, _("Your Stripe account is ready to receive the award."))
        else:
            messages.info(
                request,
                _("Stripe still needs some details. You can continue the setup at any time."),
            )
    return redirect("judging:payee", organisation_id=organisation.pk)
