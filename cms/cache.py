"""Purging the front cache when content changes.

Wagtail's frontend_cache app purges a page's own URLs on publish. A page also shows up on its
ancestors (the home page lists problems and news; the problems index lists problems), in its
translations' language switch and in the sitemap, so those are purged too. Apps add their own
URLs (calendar feeds, open data) with the ``cms_purge_urls`` hook: ``fn(page) -> list[str]`` of
site-relative paths. With no front cache configured, all of this does nothing.
"""

from __future__ import annotations

from django.conf import settings
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page


def purge_batch_for(page: Page) -> PurgeBatch:
    batch = PurgeBatch()
    ancestors = list(page.get_ancestors(inclusive=True).filter(depth__gte=2))
    keys = {p.translation_key for p in ancestors}
    for related in Page.objects.filter(translation_key__in=keys).live():
        batch.add_page(related)
    site = page.get_site()
    root_url = site.root_url if site else ""
    paths = ["/sitemap.xml"]
    for fn in hooks.get_hooks("cms_purge_urls"):
        paths.extend(fn(page))
    batch.add_urls([root_url + path for path in dict.fromkeys(paths)])
    return batch


def purge_related(sender, instance: Page, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    purge_batch_for(instance).purge()
