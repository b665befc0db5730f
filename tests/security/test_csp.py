"""Content-Security-Policy on every page of the seeded site (from the sitemap) and on the
account pages: present, and no inline or eval'd script allowed; no inline script in the HTML."""

from __future__ import annotations

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/en/accounts/login/",
    "/accounts/signup/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/accounts/confirm-email/",
    "/en/search/?q=bay",
    "/search/?q=v%E1%BB%8Bnh",
    "/en/problems/?sector=environment&sort=deadline",
]
SIGNED_IN_PAGES = [
    "/en/account/",
    "/account/",
    "/en/accounts/email/",
    "/en/accounts/password/change/",
    "/en/accounts/2fa/",
    "/en/accounts/reauthenticate/",
    "/en/organisations/",
    "/en/organisations/new/",
    "/en/submissions/",
    "/en/participant/",
]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def policy_problems(path: str, response) -> list[str]:
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return [f"{path}: no Content-Security-Policy header"]
    policy = directives(header)
    script_src = policy.get("script-src", policy.get("default-src"))
    problems = []
    if script_src is None:
        problems.append(f"{path}: neither script-src nor default-src")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(script_src):
        problems.append(f"{path}: script-src {' '.join(script_src)}")
    if policy.get("object-src") != ["'none'"]:
        problems.append(f"{path}: object-src {policy.get('object-src')}")
    if "text/html" in response.headers.get("Content-Type", ""):
        soup = BeautifulSoup(response.content, "html.parser")
        for script in soup.find_all("script"):
            executable = script.get("type", "text/javascript") in ("text/javascript", "module")
            if executable and not script.get("src"):
                problems.append(f"{path}: inline <script>")
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            if handlers:
                problems.append(f"{path}: inline handler {handlers} on <{element.name}>")
    return problems


def sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", response.text)]


def test_every_public_and_account_page_sends_a_strict_policy(client):
    call_command("seed_demo", stdout=StringIO())
    pages = sitemap_paths(client)
    assert len(pages) >= 20
    assert any(p.startswith("/en/") for p in pages)
    assert any(not p.startswith("/en/") for p in pages)
    problems = []
    for path in ["/sitemap.xml", "/robots.txt", *pages, *ANONYMOUS_PAGES]:
        response = client.get(path)
        assert response.status_code == 200, path
        problems += policy_problems(path, response)

    client.force_login(UserFactory(email="company@example.org"))
    for path in SIGNED_IN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        problems += policy_problems(path, response)
    assert problems == []


def test_error_pages_send_the_policy_too(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert policy_problems("404", response) == []
