"""Extension points on call pages.

Apps above ``challenges`` add to a problem or contest page without editing its templates: a
function registered with the Wagtail hook ``call_page_sections`` (main column) or
``call_page_actions`` (the aside) takes ``(page, request)`` and returns ``None`` or a
``CallSection``. Sections are rendered in ``order``.

The open-data list of the problems index collects more downloads the same way: a function
registered with ``open_data_downloads`` takes ``request`` and returns a list of ``OpenDataLink``.

The regulated award budget of calls comes from the award policy records above this app: a
function registered with ``call_award_budgets`` takes a list of call pages and returns
``{translation_key: AwardBudget}`` for those that have award policies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@dataclass(frozen=True)
class CallSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class OpenDataLink:
    url: str
    label: str
    icon: str = "download"
    order: int = 100


@dataclass(frozen=True)
class AwardBudget:
    """The total budget of a call's award policies; ``shared`` when a pool of calls shares it."""

    total: int
    shared: bool = False


def annotate_award_budgets(pages) -> None:
    """Set ``page.award_budget`` (an ``AwardBudget`` or None) on each page, in one pass of the
    hook whatever the number of pages."""
    pages = list(pages)
    budgets: dict[str, AwardBudget] = {}
    for fn in hooks.get_hooks("call_award_budgets"):
        budgets.update(fn(pages))
    for page in pages:
        page.award_budget = budgets.get(page.translation_key)


def _render(hook_name: str, context) -> str:
    page = context.get("page")
    request = context.get("request")
    sections = [fn(page, request) for fn in hooks.get_hooks(hook_name)]
    html = [
        render_to_string(section.template, {"page": page, **section.context}, request=request)
        for section in sorted((s for s in sections if s), key=lambda s: s.order)
    ]
    return mark_safe("".join(html))  # noqa: S308 - each part is an autoescaped template


@register.simple_tag(takes_context=True)
def call_page_sections(context) -> str:
    return _render("call_page_sections", context)


@register.simple_tag(takes_context=True)
def call_page_actions(context) -> str:
    return _render("call_page_actions", context)


@register.simple_tag(takes_context=True)
def open_data_downloads(context) -> list[OpenDataLink]:
    request = context.get("request")
    links = [link for fn in hooks.get_hooks("open_data_downloads") for link in fn(request)]
    return sorted(links, key=lambda link: link.order)


@register.simple_tag
def award_budget(page) -> AwardBudget | None:
    """The call's award budget, looked up once per page object."""
    if page is None:
        return None
    if not hasattr(page, "award_budget"):
        annotate_award_budgets([page])
    return page.award_budget
