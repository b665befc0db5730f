"""Journey a: a visitor with no account reads a problem and a contest in Vietnamese from the home
page, switches the contest to English with the language switch on the page, searches the site for
a problem and adds its deadline to a calendar. A screenshot per step."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.cms.factories_public import build_public_site
from tests.judging.award_support import make_policy
from tests.judging.factories import RubricFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE_VI = "Xử lý phao xốp bỏ đi từ các bè nuôi rong biển Vân Đồn"
TITLE_EN = "Discarded foam floats from Van Don seaweed farms"
STATEMENT_VI = "Hàng nghìn phao xốp cũ trôi dạt vào bờ biển Vân Đồn sau mỗi mùa thu hoạch rong."
STATEMENT_EN = (
    "Thousands of old foam floats wash up on Van Don's shore after every seaweed harvest."
)


def go(page, control) -> None:
    """Click a control that loads a new page and wait for it."""
    with page.expect_navigation():
        control.click()
    page.wait_for_load_state("networkidle")


def text_of(locator) -> str:
    return " ".join(locator.inner_text().split())


def publish(page, **fields) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()


def public_site() -> dict:
    """The public site, with a problem whose title, statement and deadline are recognisable and
    a contest with judging criteria and an award policy."""
    site = build_public_site(problems=2)
    day = (datetime.now(VIETNAM) + timedelta(days=12)).date()
    closes_at = datetime.combine(day, time(17, 0), tzinfo=VIETNAM)
    publish(
        site["problems"][0],
        title=TITLE_VI,
        statement=f"<p>{STATEMENT_VI}</p>",
        closes_at=closes_at,
    )
    publish(
        site["problems_en"][0],
        title=TITLE_EN,
        statement=f"<p>{STATEMENT_EN}</p>",
        closes_at=closes_at,
    )
    RubricFactory(call=site["contest"])
    make_policy(
        site["contest"], name="Giải thưởng Hội thi Sáng tạo", name_en="Innovation Contest prizes"
    )
    return site


def test_visitor_reads_switches_language_searches_and_adds_a_deadline(
    live_server, browser, screenshots
):
    site = public_site()
    problem, problem_en = site["problems"][0], site["problems_en"][0]
    contest, contest_en = site["contest"], site["contest_en"]
    deadline = problem.closes_at.astimezone(VIETNAM)
    shots = iter(range(1, 100))
    errors: list[str] = []

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))

    def snap(name: str) -> None:
        page.screenshot(
            path=str(screenshots / f"public-{next(shots):02d}-{name}.png"), full_page=True
        )

    def language() -> str | None:
        return page.locator("html").get_attribute("lang")

    # 1. The Vietnamese home page lists the problem; its card leads to the problem page.
    page.goto(f"{live_server.url}/")
    assert language() == "vi"
    problems = page.locator("section[aria-labelledby='problems-title']")
    assert problems.get_by_role("heading", name="Những bài toán lớn của tỉnh").is_visible()
    card = problems.get_by_role("link", name=TITLE_VI)
    assert card.is_visible()
    snap("home-vi")
    go(page, card)
    assert page.url == live_server.url + problem.url
    assert language() == "vi"
    assert page.get_by_role("heading", name=TITLE_VI, level=1).is_visible()
    assert page.get_by_role("heading", name="Bài toán", exact=True, level=2).is_visible()
    assert page.get_by_text(STATEMENT_VI).is_visible()
    facts = page.locator("aside.facts-box")
    # The budget label is not asserted: its Vietnamese translation is still fuzzy in the catalogue.
    assert text_of(facts.locator("dd.amount")) == "5.000.000.000 ₫"
    assert text_of(page.locator(".call-headline strong.amount")) == "5.000.000.000 ₫"
    expected_deadline = f"17:00, ngày {deadline.day} tháng {deadline.month} năm {deadline.year}"
    assert f"Hạn nộp {expected_deadline}" in text_of(facts)
    shown = facts.locator("dd time").get_attribute("datetime")
    assert datetime.fromisoformat(shown) == problem.closes_at
    snap("problem-vi")

    # 2. Back home, the contest's card leads to the contest page with its criteria and prizes.
    go(page, page.locator(".brand"))
    contests = page.locator("section[aria-labelledby='contests-title']")
    assert contests.get_by_role("heading", name="Cuộc thi", exact=True).is_visible()
    snap("home-vi-contests")
    go(page, contests.get_by_role("link", name="Hội thi Sáng tạo"))
    assert page.url == live_server.url + contest.url
    assert language() == "vi"
    assert page.get_by_role("heading", name="Hội thi Sáng tạo", level=1).is_visible()
    criteria = page.locator("section[aria-labelledby='criteria-title']")
    assert criteria.get_by_role("heading", name="Tiêu chí chấm").is_visible()
    assert criteria.locator("tbody th").all_inner_texts() == [
        "Tính mới\nMô tả Tính mới",
        "Tính khả thi\nMô tả Tính khả thi",
        "Hiệu quả\nMô tả Hiệu quả",
    ]
    prizes = page.locator("section[aria-labelledby='prizes-title']")
    assert prizes.get_by_role("heading", name="Giải thưởng và ngân sách").is_visible()
    assert "Giải thưởng Hội thi Sáng tạo" in text_of(prizes)
    assert [
        row.locator("th, td").all_inner_texts()[:3] for row in prizes.locator("tbody tr").all()
    ] == [
        ["Giải Nhất", "1", "30.000.000"],
        ["Giải Nhì", "2", "20.000.000"],
        ["Giải Ba", "3", "10.000.000"],
        ["Khuyến khích", "5", "4.000.000"],
    ]
    snap("contest-vi")

    # 3. The language switch on the same page opens the English version of this contest.
    switch = page.locator(".lang-switch")
    go(page, switch.get_by_role("link", name="English"))
    assert page.url == live_server.url + contest_en.url
    assert page.url != live_server.url + contest.url
    assert language() == "en"
    assert page.get_by_role("heading", name="Innovation Contest", level=1).is_visible()
    assert switch.locator("[aria-current]").inner_text() == "English"
    criteria = page.locator("section[aria-labelledby='criteria-title']")
    assert criteria.get_by_role("heading", name="Judging criteria").is_visible()
    assert "Novelty" in text_of(criteria)
    prizes = page.locator("section[aria-labelledby='prizes-title']")
    assert "Innovation Contest prizes" in text_of(prizes)
    assert "First prize" in text_of(prizes)
    snap("contest-en")

    # 4. The header search, in English, finds the problem by a word of its title.
    search = page.get_by_role("search", name="Site search")
    search.get_by_label("Search the site").fill("seaweed")
    snap("search-typed")
    go(page, search.get_by_role("button", name="Search"))
    assert re.search(r"/en/search/\?q=seaweed$", page.url)
    assert language() == "en"
    assert page.get_by_role("heading", name="1 result for “seaweed”").is_visible()
    results = page.locator(".search-results .search-result")
    assert results.locator("h3").all_inner_texts() == [TITLE_EN]
    snap("search-results")
    go(page, results.get_by_role("link", name=TITLE_EN))
    assert page.url == live_server.url + problem_en.url
    assert language() == "en"
    assert page.get_by_role("heading", name=TITLE_EN, level=1).is_visible()
    assert page.get_by_text(STATEMENT_EN).is_visible()
    snap("problem-en")

    # 5. "Add the dates to your calendar" serves an iCalendar file with the deadline.
    link = page.get_by_role("link", name="Add the dates to your calendar (.ics)")
    link.scroll_into_view_if_needed()
    link.focus()
    snap("calendar-link")
    href = link.get_attribute("href")
    assert href == f"/en/calendar/{problem_en.pk}.ics"
    with page.expect_response(live_server.url + href) as served, page.expect_download() as saved:
        link.click()
    response = served.value
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert saved.value.suggested_filename == "P01.ics"
    body = Path(saved.value.path()).read_bytes()
    calendar = Calendar.from_ical(body)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    deadline_event = events[f"Submission deadline: P01 · {TITLE_EN}"]
    assert deadline_event.decoded("dtstart") == problem_en.closes_at
    assert deadline_event.decoded("dtstart") == problem.closes_at
    # 17:00 in Vietnam is 10:00 UTC.
    assert f"DTSTART:{deadline:%Y%m%d}T100000Z".encode() in body
    assert urlsplit(str(deadline_event["url"])).path == problem_en.url
    snap("calendar-added")

    assert errors == []
    context.close()
