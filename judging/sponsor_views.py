"""Sponsor prize pages: an organisation's owner or editor funds a prize through Stripe Checkout.

Signed-in only; an organisation the user may not sponsor for is a 404. The contribution is stored
pending before the redirect to Stripe and counts only when the webhook confirms it
(``judging.sponsors``).
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from judging import sponsors
from judging.actions import ActionRefused
from judging.forms import SponsorForm
from judging.models import SponsorContribution
from submissions.models import Organisation
from submissions.rules import EDITING_ROLES

#: Where Stripe Checkout lives: the form's POST redirects there, which CSP form-action must allow.
CHECKOUT_ORIGIN = "https://checkout.stripe.com"


def _organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not request.user.has_perm(
        "judging.sponsor_for_organisation", organisation
    ):
        raise Http404
    return organisation


@login_required
def sponsor_home(request: HttpRequest) -> HttpResponse:
    """The organisations the user may sponsor for, and their contributions so far."""
    organisations = list(
        Organisation.objects.filter(
            memberships__user=request.user, memberships__role__in=EDITING_ROLES
        ).order_by("name", "pk")
    )
    contributions = (
        SponsorContribution.objects.filter(organisation__in=organisations)
        .select_related("organisation", "policy")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "judging/sponsor_home.html",
        {"organisations": organisations, "contributions": contributions},
    )


@login_required
@csp_update({"form-action": [CHECKOUT_ORIGIN]})
def sponsor_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    policies = sponsors.policies_accepting_sponsors()
    form = SponsorForm(request.POST or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        thanks = request.build_absolute_uri(reverse("judging:sponsor_thanks"))
        cancel = request.build_absolute_uri(
            reverse("judging:sponsor_new", kwargs={"organisation_id": organisation.pk})
        )
        try:
            _contribution, checkout_url = sponsors.contribution_start(
                organisation=organisation,
                policy=data["policy"],
                prize_title=data["prize_title"],
                amount=data["amount"],
                sponsor_name=data["sponsor_name"],
                message=data["message"],
                actor=request.user,
                # Stripe fills in the session id; the page looks the contribution up by it.
                success_url=f"{thanks}?session_id={{CHECKOUT_SESSION_ID}}",
                cancel_url=f"{cancel}?cancelled=1",
                locale=request.LANGUAGE_CODE,
                request=request,
            )
        except ActionRefused as error:
            form.add_error(None, error.message)
        else:
            return redirect(checkout_url)
    return render(
        request,
        "judging/sponsor_form.html",
        {
            "organisation": organisation,
            "form": form,
            "has_policies": policies.exists(),
            "cancelled": request.GET.get("cancelled") == "1",
        },
    )


@never_cache
@login_required
def sponsor_thanks(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the sponsor back. It says thank you; it does not mark anything paid."""
    session_id = request.GET.get("session_id", "")
    contribution = (
        SponsorContribution.objects.select_related("organisation", "policy")
        .filter(checkout_session_id=session_id)
        .first()
        if session_id.startswith("cs_")
        else None
    )
    if contribution is None or not request.user.has_perm(
        "judging.sponsor_for_organisation", contribution.organisation
    ):
        raise Http404
    return render(request, "judging/sponsor_thanks.html", {"contribution": contribution})
