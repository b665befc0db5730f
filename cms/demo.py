"""Demo content of the site package: home and generic pages in both languages, demo accounts."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms import demo_data
from cms.demo_support import DEMO_PASSWORD, SeedContext, locales, publish, translate_page
from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage, User


def seed(context: SeedContext) -> None:
    vi, en = locales()
    home = _home(context, vi)
    home_en = translate_page(home, en, **_home_fields("en"))
    _generic_pages(context, home, home_en)
    _news(context, home, home_en)
    _people(context)


def _home_fields(language: str) -> dict:
    data = demo_data.HOME[language]
    return {
        "title": data["title"],
        "hero_title": data["hero_title"],
        "hero_lead": data["hero_lead"],
        "intro": data["intro"],
    }


def _home(context: SeedContext, vi) -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    existing = HomePage.objects.filter(locale=vi).first()
    if existing is None:
        existing = root.add_child(
            instance=HomePage(slug="trang-chu", locale=vi, **_home_fields("vi"))
        )
        publish(existing)
        context.count("home pages")
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="QN")
    old_root = site.root_page if site.pk else None
    site.root_page = existing
    site.site_name = "Quảng Ninh Open Innovation"
    site.save()
    # Wagtail's installer leaves a "Welcome" page; remove it once nothing points at it.
    if (
        old_root is not None
        and old_root.pk != existing.pk
        and not isinstance(old_root.specific, HomePage)
    ):
        old_root.delete()
    return existing


def body_blocks(html: str) -> list[tuple[str, object]]:
    """Demo HTML as stream blocks: each ``<h3>`` becomes a level-2 heading block, so a page's
    headings go h1 → h2 (rich text paragraphs only offer h3 and h4)."""
    blocks: list[tuple[str, object]] = []
    parts = re.split(r"<h3>(.*?)</h3>", html)
    for position, part in enumerate(parts):
        if position % 2:
            blocks.append(("heading", {"text": part, "level": "h2"}))
        elif part.strip():
            blocks.append(("paragraph", part))
    return blocks


def _generic_pages(context: SeedContext, home: HomePage, home_en: HomePage) -> None:
    for item in demo_data.GENERIC_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=item["slug_vi"]).first()
        if page is None:
            page = home.add_child(
                instance=StandardPage(
                    slug=item["slug_vi"],
                    title=item["vi"]["title"],
                    intro=item["vi"]["summary"],
                    body=body_blocks(item["vi"]["body"]),
                    show_in_menus=item["key"] == "about",
                )
            )
            publish(page)
            context.count("generic pages")
        translate_page(
            page,
            home_en.locale,
            slug=item["slug_en"],
            title=item["en"]["title"],
            intro=item["en"]["summary"],
            body=body_blocks(item["en"]["body"]),
        )


NEWS_INDEX = {
    "vi": {
        "title": "Tin tức",
        "slug": "tin-tuc",
        "intro": "Tin mới về chương trình, các bài toán và hội thi.",
    },
    "en": {
        "title": "News",
        "slug": "news",
        "intro": "News about the programme, the problems and the contests.",
    },
}


def _news(context: SeedContext, home: HomePage, home_en: HomePage) -> None:
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=NewsIndexPage(show_in_menus=True, **NEWS_INDEX["vi"]))
        publish(index)
        context.count("news indexes")
    translate_page(index, home_en.locale, **NEWS_INDEX["en"])
    for item in demo_data.NEWS:
        page = NewsPage.objects.child_of(index).filter(slug=item["slug"]).first()
        if page is None:
            page = index.add_child(
                instance=NewsPage(
                    slug=item["slug"],
                    date=context.at(item["offset_days"]).date(),
                    title=item["vi"]["title"],
                    summary=item["vi"]["summary"],
                    body=[("paragraph", item["vi"]["body"])],
                )
            )
            publish(page)
            context.count("news articles")
        translate_page(
            page,
            home_en.locale,
            title=item["en"]["title"],
            summary=item["en"]["summary"],
            body=[("paragraph", item["en"]["body"])],
        )


ROLE_LABELS = {"staff": "staff editor", "owner": "company owner", "judge": "judge"}


def _people(context: SeedContext) -> None:
    editors = Group.objects.filter(name="Editors").first()
    moderators = Group.objects.filter(name="Moderators").first()
    shown: set[str] = set()
    for person in demo_data.PEOPLE:
        user = User.objects.filter(email=person["email"].lower()).first()
        if user is None:
            user = User.objects.create_user(
                email=person["email"],
                password=DEMO_PASSWORD,
                display_name=person["display_name"],
                is_staff=person["role"] == "staff",
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            if person["role"] == "staff":
                user.groups.add(*[g for g in (editors, moderators) if g])
            context.count("users")
        role = person["role"]
        if role in ROLE_LABELS and role not in shown:
            shown.add(role)
            context.logins.append((ROLE_LABELS[role], user.email, DEMO_PASSWORD))
    admin = User.objects.filter(email="admin@quangninh.example").first()
    if admin is None:
        admin = User.objects.create_superuser(
            email="admin@quangninh.example",
            password=DEMO_PASSWORD,
            display_name="Quản trị hệ thống",
        )
        EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
        context.count("users")
    context.logins.insert(0, ("administrator", admin.email, DEMO_PASSWORD))
