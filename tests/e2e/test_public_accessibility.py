"""axe-core on the public pages in both languages, plus keyboard, no-JavaScript and phone checks."""

from __future__ import annotations

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from challenges.models import ChallengePage, ContestPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}
#: Rules that fail the test whatever impact axe gives them (heading-order is "moderate").
BLOCKING_RULES = {"heading-order"}


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING or v["id"] in BLOCKING_RULES]


def audit(page, axe_source: str) -> list[dict]:
    """Run axe-core in the page; the script is evaluated, not injected, so the CSP stays on."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def describe(url: str, violations: list[dict]) -> list[str]:
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:3])
        for v in violations
    ]


def public_pages() -> list[tuple[str, str, str]]:
    pages = []
    for language, prefix in (("vi", ""), ("en", "/en")):
        problem = (
            ChallengePage.objects.live().filter(locale__language_code=language).order_by("code")
        ).first()
        contest = ContestPage.objects.live().filter(locale__language_code=language).first()
        index = problem.get_parent()
        query = "vịnh" if language == "vi" else "bay"
        pages += [
            (language, "home", f"{prefix}/"),
            (language, "problems", index.url),
            (language, "problems-filtered", f"{index.url}?sector=environment&sort=deadline"),
            (language, "problem", problem.url),
            (language, "contest", contest.url),
            (language, "search", f"{prefix}/search/?q={query}"),
            (language, "signup", f"{prefix}/accounts/signup/"),
        ]
    return pages


def test_public_pages_have_no_serious_accessibility_violations(
    live_server, browser, axe_source, screenshots
):
    call_command("seed_demo", stdout=StringIO())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    problems: list[str] = []
    for language, name, path in public_pages():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        page.screenshot(path=str(screenshots / f"{language}-{name}.png"), full_page=True)
        violations = audit(page, axe_source)
        problems += describe(path, blocking(violations))
    context.close()
    assert problems == []
    assert csp_errors == []


def test_pages_fit_a_360px_phone_screen(live_server, browser, screenshots):
    call_command("seed_demo", stdout=StringIO())
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    problem = ChallengePage.objects.live().filter(locale__language_code="en").first()
    for name, path in (("home", "/en/"), ("problem", problem.url), ("index", "/en/problems/")):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(screenshots / f"phone-{name}.png"), full_page=True)
        assert width <= 360, f"{path} is {width}px wide on a 360px screen"
    context.close()


def test_keyboard_and_no_javascript(live_server, browser, screenshots):
    call_command("seed_demo", stdout=StringIO())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    # The first Tab reaches the skip link, which is visible when focused and leads to <main>.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.screenshot(path=str(screenshots / "keyboard-skip-link.png"))
    # Filters and search work as plain GET forms.
    page.goto(live_server.url + "/en/problems/")
    page.select_option("#id_sector", "environment")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "sector=environment" in page.url
    codes = page.locator(".card .code").all_inner_texts()
    assert codes and all(re.fullmatch(r"P\d\d", code) for code in codes)
    page.fill("#header-search-q", "Ha Long")
    with page.expect_navigation():
        page.press("#header-search-q", "Enter")
    assert "/en/search/" in page.url
    assert page.locator(".search-result").count() >= 1
    page.screenshot(path=str(screenshots / "no-js-search.png"), full_page=True)
    context.close()


def test_problem_page_prints_without_navigation(live_server, browser, screenshots):
    call_command("seed_demo", stdout=StringIO())
    problem = ChallengePage.objects.live().filter(locale__language_code="en").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + problem.url)
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "print-problem.png"), full_page=True)
    for hidden in (".site-header", ".site-footer", ".skip-link", ".breadcrumbs"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    assert page.get_by_role("heading", name=problem.title, level=1).is_visible()
    assert page.get_by_role("heading", name="The problem", level=2).is_visible()
    statement = page.locator("article.prose h2 + *").first
    assert statement.is_visible()
    printed = " ".join(statement.inner_text().split())
    assert printed
    assert printed in " ".join(html.unescape(strip_tags(problem.statement)).split())
    context.close()
