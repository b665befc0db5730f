"""Demo content: the 13 problems and both contests, in Vietnamese and English."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Collection

from challenges import demo_data
from challenges.models import ChallengeIndexPage, ChallengePage, ContestCategory, ContestPage
from cms.demo_support import SeedContext, locales, publish, translate_page
from cms.models import HomePage

INDEX_TITLES = {
    "vi": (
        "Các bài toán lớn",
        "cac-bai-toan",
        "<p>Mười ba bài toán lớn của tỉnh Quảng Ninh, mở cho các doanh nghiệp công nghệ đề xuất giải pháp.</p>",
    ),
    "en": (
        "The big problems",
        "problems",
        "<p>Thirteen big problems of Quang Ninh province, open to technology companies' solutions.</p>",
    ),
}


def seed(context: SeedContext) -> None:
    vi, en = locales()
    home = HomePage.objects.filter(locale=vi).first()
    index = _index(context, home)
    title, slug, intro = INDEX_TITLES["en"]
    translate_page(index, en, title=title, slug=slug, intro=intro)
    for problem in demo_data.PROBLEMS:
        page = _problem(context, index, problem)
        translate_page(page, en, **_call_texts(problem["en"], ChallengePage))
    for contest in demo_data.CONTESTS:
        page = _contest(context, home, contest)
        english = translate_page(page, en, **_call_texts(contest["en"], ContestPage))
        _translate_categories(english, contest)
    _documents(context)


def _index(context: SeedContext, home: HomePage) -> ChallengeIndexPage:
    index = ChallengeIndexPage.objects.child_of(home).first()
    if index is None:
        title, slug, intro = INDEX_TITLES["vi"]
        index = home.add_child(
            instance=ChallengeIndexPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        )
        publish(index)
        context.count("index pages")
    return index


def _call_texts(texts: dict, model) -> dict:
    fields = {
        "title": texts["title"],
        "summary": texts["summary"],
        "owning_agency": texts["owning_agency"],
    }
    names = (
        ("statement", "context", "expected_outcomes", "constraints")
        if model is ChallengePage
        else ("purpose", "eligibility", "how_to_enter", "ip_terms")
    )
    fields.update({name: texts[name] for name in names})
    return fields


def _window(context: SeedContext, data: dict) -> dict:
    return {
        "opens_at": context.at(data["opens_offset_days"], 8, 0),
        "closes_at": context.at(data["closes_offset_days"], 17, 0),
        "judging_starts_at": context.at(data["judging_offset_days"], 8, 0),
        "results_expected_at": context.at(data["results_offset_days"], 9, 0),
    }


def _problem(context: SeedContext, index: ChallengeIndexPage, data: dict) -> ChallengePage:
    page = ChallengePage.objects.child_of(index).filter(code=data["code"]).first()
    if page is not None:
        return page
    page = index.add_child(
        instance=ChallengePage(
            slug=data["slug"],
            code=data["code"],
            sector=data["sector"],
            budget_ceiling=data["budget_ceiling"],
            **_window(context, data),
            **_call_texts(data["vi"], ChallengePage),
        )
    )
    context.count("problems")
    return publish(page)


def _contest(context: SeedContext, home: HomePage, data: dict) -> ContestPage:
    page = ContestPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if page is not None:
        return page
    page = ContestPage(
        slug=data["slug"],
        budget_ceiling=data["budget_ceiling"],
        min_age=data["min_age"],
        max_age=data["max_age"],
        show_in_menus=True,
        **_window(context, data),
        **_call_texts(data["vi"], ContestPage),
    )
    page.categories = [
        ContestCategory(
            key=category["key"],
            name=category["vi"]["name"],
            description=category["vi"]["description"],
            min_age=category["min_age"],
            max_age=category["max_age"],
            sort_order=position,
        )
        for position, category in enumerate(data["categories"])
    ]
    home.add_child(instance=page)
    context.count("contests")
    return publish(page)


def _translate_categories(page: ContestPage, data: dict) -> None:
    by_key = {category["key"]: category for category in data["categories"]}
    changed = False
    for category in page.categories.all():
        texts = by_key.get(category.key, {}).get("en")
        if texts and category.name != texts["name"]:
            category.name = texts["name"]
            category.description = texts["description"]
            category.save(update_fields=["name", "description"])
            changed = True
    if changed:
        publish(page)


def _documents(context: SeedContext) -> None:
    """A PDF per language for some problems and every contest, in their "more information"."""
    vi, en = locales()
    collection = _document_collection()
    targets = [
        (page, "problem", {"code": page.code})
        for page in ChallengePage.objects.filter(
            locale=vi, code__in=demo_data.DOCUMENT_PROBLEMS
        ).order_by("code")
    ]
    targets += [
        (page, "contest", {}) for page in ContestPage.objects.filter(locale=vi).order_by("pk")
    ]
    for page, kind, names in targets:
        for locale in (vi, en):
            shown = page if locale == vi else page.get_translation_or_none(locale)
            if shown is None:
                continue
            language = locale.language_code
            title = demo_data.DOCUMENT_TEXTS[kind][language].format(title=shown.title, **names)
            document = _document(context, collection, title, f"{shown.slug}-{language}.pdf")
            _attach(shown.specific, document, demo_data.DOCUMENT_TEXTS["heading"][language])


def _document_collection() -> Collection:
    # Wagtail's migrations make the root collection; a database flushed since (transactional
    # tests) has none, so make it again like the migration does.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    found = root.get_children().filter(name=demo_data.DOCUMENT_COLLECTION).first()
    return found or root.add_child(name=demo_data.DOCUMENT_COLLECTION)


def _document(context: SeedContext, collection: Collection, title: str, file_name: str):
    model = get_document_model()
    document = model.objects.filter(collection=collection, title=title).first()
    if document is None:
        document = model(title=title, collection=collection)
        document.file.save(file_name, ContentFile(_pdf(title)), save=False)
        document.save()
        context.count("documents")
    return document


def _attach(page, document, heading: str) -> None:
    if any(
        child.id == document.pk
        for block in page.body
        if block.block_type == "documents"
        for child in block.value["documents"]
    ):
        return
    block = page.body.stream_block.child_blocks["documents"]
    page.body.append(("documents", block.normalize({"title": heading, "documents": [document]})))
    publish(page)


def _pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
