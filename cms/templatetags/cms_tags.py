from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from cms.formatting import format_vnd, group_digits

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """30.000.000 ₫ in Vietnamese, VND 30,000,000 in English."""
    if amount is None or amount == "":
        return ""
    return format_vnd(int(amount), translation.get_language() or settings.LANGUAGE_CODE)


@register.filter
def digits(amount) -> str:
    """An integer with its digits grouped for the language: 30.000.000 / 30,000,000 (table
    columns whose heading names the unit)."""
    if amount is None or amount == "":
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return group_digits(int(amount), "." if language.startswith("vi") else ",")


@register.filter
def timeleft(delta) -> str:
    """A coarse, readable duration: "12 days", "5 hours", "under an hour"."""
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    if days >= 2:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days == 1:
        return (
            ngettext("%(n)d day", "%(n)d days", 1) % {"n": 1}
            + " "
            + (ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
        )
    if hours >= 1:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return _("under an hour")


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    alternate: bool = True
    """The same content in that language (an hreflang alternate), not a nearby page."""


def _language_names() -> dict[str, str]:
    # Each language is named in itself, so a reader who cannot read the page can still find theirs.
    return {"vi": "Tiếng Việt", "en": "English"}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language. For a Wagtail page: its live translation (an hreflang alternate), or,
    where it has none, the nearest translated ancestor or that language's home, never a 404.
    Other URLs (views) are translated by the URL resolver."""
    request = context.get("request")
    page = context.get("page")
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    names = _language_names()
    codes = [code for code, _label in settings.LANGUAGES]
    if isinstance(page, Page) and page.pk:
        targets = _page_language_targets(page, request, codes)
    else:
        path = request.get_full_path() if request is not None else "/"
        targets = {code: (translate_url(path, code), True) for code in codes}
    return [
        LanguageLink(code, names.get(code, code), url or "/", code == current, alternate)
        for code, (url, alternate) in targets.items()
    ]


def _page_language_targets(page: Page, request, codes: list[str]) -> dict[str, tuple[str, bool]]:
    """language code → (URL, whether it is a translation of ``page``). One query, and two more
    when a language has no live translation."""
    targets: dict[str, tuple[str, bool]] = {}
    found: set[int] = set()
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        found.add(other.pk)
        url = other.get_url(request)
        if url:
            targets[other.locale.language_code] = (url, True)
    if page.pk not in found and request is not None:
        # A preview or draft: the visitor is looking at this page in its own language.
        targets[page.locale.language_code] = (request.get_full_path(), True)
    missing = [code for code in codes if code not in targets]
    if missing:
        depths = dict(
            page.get_ancestors().filter(depth__gt=1).values_list("translation_key", "depth")
        )
        nearest = (
            Page.objects.live()
            .filter(translation_key__in=depths, locale__language_code__in=missing)
            .select_related("locale")
        )
        for other in sorted(nearest, key=lambda p: depths[p.translation_key], reverse=True):
            code = other.locale.language_code
            url = other.get_url(request) if code not in targets else None
            if url:
                targets[code] = (url, False)
    for code in codes:
        if code not in targets:
            with translation.override(code):
                targets[code] = (reverse("wagtail_serve", args=[""]), False)
    return {code: targets[code] for code in codes}


def _home_children(request) -> list[Page]:
    """The live children of this language's home page, fetched once per request (two queries)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    cache = getattr(request, "_home_children_cache", None)
    if cache is not None and language in cache:
        return cache[language]
    from wagtail.models import Site

    site = Site.find_for_request(request)
    children: list[Page] = []
    if site is not None:
        root = site.root_page
        home = (
            Page.objects.filter(
                translation_key=root.translation_key, locale__language_code=language
            ).first()
            or root
        )
        children = list(home.get_children().live().select_related("content_type"))
    request._home_children_cache = {**(cache or {}), language: children}
    return children


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """Top navigation: the live children of this language's home page marked 'show in menus'."""
    request = context.get("request")
    if request is None:
        return []
    return [page for page in _home_children(request) if page.show_in_menus]


@register.simple_tag(takes_context=True)
def footer_pages(context) -> list[Page]:
    """The generic pages (About, Contact, Privacy, Terms …) directly under this language's home."""
    from cms.models import StandardPage

    request = context.get("request")
    if request is None:
        return []
    return [
        page for page in _home_children(request) if page.content_type.model_class() is StandardPage
    ]
