"""Extension points on call pages.

Apps above ``challenges`` add to a problem or contest page without editing its templates: a
function registered with the Wagtail hook ``call_page_sections`` (main column) or
``call_page_actions`` (the aside) takes ``(page, request)`` and returns ``None`` or a
``CallSection``. Sections are rendered in ``order``.

The open-data list of the problems index collects more downloads the same way: a function
registered with ``open_data_downloads`` takes ``request`` and returns a list of ``OpenDataLink``.
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
