"""Apps above ``challenges`` add downloads to the problems index's open-data list by a hook."""

from __future__ import annotations

import pytest
from wagtail import hooks

from challenges.templatetags.call_tags import OpenDataLink
from tests.cms.factories_public import build_public_site

pytestmark = pytest.mark.django_db


def extra_downloads(request):
    return [
        OpenDataLink("/open-data/late.csv", "Late file", order=90),
        OpenDataLink("/open-data/early.csv", "Early file", order=10),
    ]


def test_open_data_list_shows_hooked_downloads_in_order(client):
    site = build_public_site(problems=1)
    with hooks.register_temporarily("open_data_downloads", extra_downloads):
        page = client.get(site["index_en"].url).content.decode()
    section = page[page.index('id="open-data-title"') :]
    assert 'href="/open-data/early.csv"' in section
    assert "Late file" in section
    assert section.index("Early file") < section.index("Late file")
    assert "/en/open-data/problems.csv" in section
