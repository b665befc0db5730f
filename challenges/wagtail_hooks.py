from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from challenges.models import ChallengeIndexPage, ChallengePage, ContestPage
from challenges.templatetags.call_tags import annotate_award_budgets


@hooks.register("cms_home_page_context")
def home_page_calls(page, request) -> dict:
    """The home page's problems index, problems and contests, in the page's language."""
    challenges = list(
        ChallengePage.objects.live().public().filter(locale_id=page.locale_id).order_by("code")
    )
    contests = list(
        ContestPage.objects.live().public().filter(locale_id=page.locale_id).order_by("opens_at")
    )
    annotate_award_budgets(contests)  # their cards show the prize budget
    now = timezone.now()
    return {
        "challenge_index": ChallengeIndexPage.objects.child_of(page).live().first(),
        "challenges": challenges,
        "contests": contests,
        "open_calls_count": sum(
            1 for call in [*challenges, *contests] if call.accepts_submissions(now)
        ),
        "pilot_budget_total": sum(c.budget_ceiling for c in challenges),
        # From the award policy records (through ``call_award_budgets``), not a page field.
        "prize_budget_total": sum(c.award_budget.total for c in contests if c.award_budget),
    }


@hooks.register("cms_purge_urls")
def call_feed_urls(page) -> list[str]:
    """A published call changes the deadlines calendar and the open-data files, in each language."""
    if not isinstance(page.specific, ChallengePage | ContestPage):
        return []
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [
                reverse("challenges:calendar"),
                reverse("challenges:call_calendar", kwargs={"page_id": page.pk}),
                reverse("challenges:problems_csv"),
                reverse("challenges:problems_json"),
            ]
    return paths
