"""Wagtail hooks for sponsor prizes: the staff's read-only listing of contributions, and the
sponsor section of call pages. Imported by ``judging/wagtail_hooks.py`` so the hooks register.

Contributions change only through Stripe Checkout and its webhook (``judging.sponsors``), so staff
can look (list and inspect) but never add, edit or delete one here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from challenges.templatetags.call_tags import CallSection
from judging import awards
from judging.access import require_totp
from judging.models import SponsorContribution, SponsorStatus


class StaffViewOnlyPolicy(BasePermissionPolicy):
    """Active staff may view; nobody may add, change or delete."""

    def user_has_permission(self, user, action) -> bool:
        return bool(user.is_active and user.is_staff and action == "view")

    def users_with_permission(self, action):
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        return users if action == "view" else users.none()


register_permission_policy(
    SponsorContribution, StaffViewOnlyPolicy(SponsorContribution), exact_class=True
)


class SponsorContributionViewSet(ModelViewSet):
    model = SponsorContribution
    icon = "tag"
    menu_label = _("Sponsor prizes")
    menu_order = 265
    add_to_admin_menu = True
    url_prefix = "judging/sponsor-prizes"
    name = "judging_sponsor_prizes"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["prize_title", "organisation", "policy", "amount", "status", "created_at"]
    list_filter = ["status"]
    inspect_view_fields = [
        "organisation",
        "started_by",
        "policy",
        "prize_title",
        "amount",
        "sponsor_name",
        "message",
        "status",
        "checkout_session_id",
        "payment_intent_id",
        "created_at",
        "completed_at",
    ]
    form_fields = ["prize_title"]  # required by ModelViewSet; no form view is reachable

    def get_queryset(self, request):
        return SponsorContribution.objects.select_related("organisation", "policy")

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = require_totp(pattern.callback)
        return patterns


@hooks.register("register_admin_viewset")
def register_sponsor_viewset():
    return SponsorContributionViewSet()


@hooks.register("call_page_sections")
def sponsor_section(page, request):
    """Completed sponsor prizes of the call's policies, and a way to sponsor one while the results
    are not published. Pending or expired contributions never show."""
    if page is None or not getattr(page, "translation_key", None):
        return None
    if not awards.prize_tables_for_page(page):  # cached: no policy, no sponsor prizes
        return None
    here = Page.objects.filter(translation_key=page.translation_key).values("pk")
    prizes = list(
        SponsorContribution.objects.filter(status=SponsorStatus.COMPLETED)
        .filter(Q(policy__call__in=here) | Q(policy__pool_calls__in=here))
        .distinct()
        .select_related("organisation", "policy")
        .order_by("completed_at", "pk")
    )
    open_for_sponsors = getattr(page, "results_published_at", None) is None
    if not prizes and not open_for_sponsors:
        return None
    return CallSection(
        "judging/sponsor_section.html",
        {
            "sponsor_prizes": prizes,
            "sponsor_url": reverse("judging:sponsor_home") if open_for_sponsors else None,
        },
        order=46,
    )
