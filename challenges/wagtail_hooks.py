from __future__ import annotations

from django.utils import timezone
from wagtail import hooks

from challenges.models import ChallengePage, ContestPage


@hooks.register("cms_home_page_context")
def home_page_calls(page, request) -> dict:
    """The home page's problems and contests, in the page's language, in two queries."""
    challenges = list(
        ChallengePage.objects.live().public().filter(locale_id=page.locale_id).order_by("code")
    )
    contests = list(
        ContestPage.objects.live().public().filter(locale_id=page.locale_id).order_by("opens_at")
    )
    now = timezone.now()
    return {
        "challenges": challenges,
        "contests": contests,
        "open_calls_count": sum(
            1 for call in [*challenges, *contests] if call.accepts_submissions(now)
        ),
        "pilot_budget_total": sum(c.budget_ceiling for c in challenges),
        "prize_budget_total": sum(c.budget_ceiling for c in contests),
    }
