"""A sitemap of every live public page in every language, with hreflang alternates.

Wagtail's own sitemap walks only the default site root, which is the Vietnamese tree; translations
live in sibling trees under the root node, so this one walks every translation of the site root.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def _roots(self) -> list[Page]:
        root = self.get_wagtail_site().root_page
        return list(Page.objects.filter(translation_key=root.translation_key).live())

    def items(self):
        roots = self._roots()
        if not roots:
            return Page.objects.none()
        in_trees = Q()
        for root in roots:
            in_trees |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_trees).live().public().select_related("locale").order_by("path")
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        keys = {p.translation_key for p in pages}
        # Alternates for every page on this sitemap page, in one query.
        alternates: dict = defaultdict(list)
        siblings = (
            Page.objects.filter(translation_key__in=keys)
            .live()
            .public()
            .select_related("locale")
            .order_by("locale__language_code")
        )
        for other in siblings:
            url = other.get_full_url(self.request)
            if url:
                alternates[other.translation_key].append(
                    {"lang_code": other.locale.language_code, "location": url}
                )
        urls = []
        last_mods = set()
        for item in pages:
            location = item.get_full_url(self.request)
            if not location:
                continue
            lastmod = item.last_published_at or item.latest_revision_created_at
            langs = alternates.get(item.translation_key, [])
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": None,
                    "alternates": langs if len(langs) > 1 else [],
                }
            )
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
