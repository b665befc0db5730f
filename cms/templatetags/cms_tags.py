from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
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


def _language_names() -> dict[str, str]:
    # Each language is named in itself, so a reader who cannot read the page can still find theirs.
    return {"vi": "Tiếng Việt", "en": "English"}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language, to the same page in that language."""
    request = context.get("request")
    page = context.get("page")
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    names = _language_names()
    links: list[LanguageLink] = []
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            url = other.get_url(request)
            if url:
                translations[other.locale.language_code] = url
    for code, _label in settings.LANGUAGES:
        url = translations.get(code)
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append(LanguageLink(code, names.get(code, code), url or "/", code == current))
    return links


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
