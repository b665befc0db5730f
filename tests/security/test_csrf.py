"""CSRF: every POST endpoint refuses a request without a token; the only views exempt from the
middleware are known and justified."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from cms.models import AuditEvent
from judging.models import Conflict, Review
from submissions.models import Attachment, Invitation, Membership, Submission
from tests.security.test_idor import MATRIX

pytestmark = pytest.mark.django_db

# route prefix → why it may skip Django's CSRF middleware
EXEMPT = {
    # Stripe signs the body; the view refuses an unsigned or forged one (test_idor, tests/judging).
    "stripe/webhook/": "signature-checked webhook",
    # Wagtail's public API: read-only, GET only.
    "api/v2/": "read-only API",
    # Wagtail's admin API: DRF SessionAuthentication enforces CSRF itself (tested below).
    "admin/api/main/": "DRF session authentication",
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def refused(response) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


def state() -> tuple:
    return tuple(
        model.objects.count()
        for model in (AuditEvent, Attachment, Invitation, Membership, Submission, Review, Conflict)
    )


def test_only_known_views_are_csrf_exempt():
    exempt = {
        route
        for route, pattern in walk(get_resolver().url_patterns)
        if getattr(pattern.callback, "csrf_exempt", False)
    }
    unexplained = {r for r in exempt if not r.startswith(tuple(EXEMPT))}
    assert unexplained == set()


def test_public_api_refuses_writes():
    response = Client(enforce_csrf_checks=True).post("/api/v2/pages/", {"title": "x"})
    assert response.status_code == 405


def test_every_submissions_and_judging_post_without_token_is_refused(world):
    """Each URL as a role that may use it (so the refusal is CSRF's, not a permission's)."""
    targets = []  # URLs first: building some (a fresh attachment to remove) writes rows
    for name, row in MATRIX.items():
        if name == "judging:stripe_webhook":
            continue
        role = next(iter(row["allowed"]), "member_a")
        with translation.override("en"):
            targets.append((name, role, reverse(name, kwargs=row["kwargs"](world))))
    before = state()
    allowed_somewhere = []
    for name, role, url in targets:
        client = csrf_client(world.users.get(role))  # public rows: anonymous
        response = client.post(url, {"text": "x", "email": "new@alpha.example", "role": "viewer"})
        if not refused(response):
            allowed_somewhere.append((name, role, response.status_code))
    assert allowed_somewhere == []
    assert state() == before


def _no_argument_routes(prefixes: tuple[str, ...]) -> list[str]:
    routes = []
    for route, pattern in walk(get_resolver().url_patterns):
        if pattern.pattern.converters or "(?P" in route or "<" in route:
            continue
        if route.startswith("^") or not route.startswith(prefixes):
            continue
        if route.startswith(tuple(EXEMPT)):
            continue
        routes.append("/" + route.replace("^", "").replace("$", ""))
    return sorted(set(routes))


@pytest.mark.parametrize("who", ["anonymous", "member_a", "staff"])
def test_account_and_admin_posts_without_token_are_refused(world, who):
    """Sign-in, sign-up, sign-out, password, e-mail and 2FA forms, the account page, and the
    Wagtail admin's forms: as a stranger, a company user and staff."""
    client = csrf_client(None if who == "anonymous" else world.users[who])
    routes = _no_argument_routes(("en/accounts/", "en/account/", "accounts/", "account/", "admin/"))
    assert "/en/accounts/login/" in routes or "/accounts/login/" in routes
    before = state()
    accepted = []
    for route in routes:
        response = client.post(route, {"login": "owner@alpha.example", "password": "x"})
        if not refused(response):
            accepted.append((route, response.status_code))
    assert accepted == []
    assert state() == before


def test_wagtail_admin_api_enforces_csrf_for_sessions(world):
    client = csrf_client(world.users["staff"])
    world.users["staff"].is_superuser = True
    world.users["staff"].save()
    response = client.post(
        f"/admin/api/main/pages/{world.call.pk}/action/unpublish/", content_type="application/json"
    )
    assert response.status_code == 403
    world.call.refresh_from_db()
    assert world.call.live
