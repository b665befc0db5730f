from __future__ import annotations

from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from challenges.models import ChallengeIndexPage, ChallengePage, ContestCategory, ContestPage
from cms.models import HomePage, StandardPage, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Trang chủ"
    hero_title = "Đổi mới sáng tạo mở Quảng Ninh"
    hero_lead = "Tỉnh công bố các bài toán lớn."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Trang {n}")
    intro = "Giới thiệu"


class ChallengeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ChallengeIndexPage

    title = "Các bài toán"
    slug = "cac-bai-toan"


def _in(days: int):
    return timezone.now() + timedelta(days=days)


class ChallengePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ChallengePage

    title = factory.Sequence(lambda n: f"Bài toán {n}")
    code = factory.Sequence(lambda n: f"P{n % 100:02d}")
    sector = "environment"
    summary = "Giám sát chất lượng nước vịnh Hạ Long."
    owning_agency = "Sở Tài nguyên và Môi trường"
    statement = "<p>Vấn đề</p>"
    expected_outcomes = "<ul><li>Kết quả</li></ul>"
    budget_ceiling = 5_000_000_000
    opens_at = factory.LazyFunction(lambda: _in(-10))
    closes_at = factory.LazyFunction(lambda: _in(30))


class ContestPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContestPage

    title = factory.Sequence(lambda n: f"Cuộc thi {n}")
    summary = "Cuộc thi sáng tạo."
    owning_agency = "Liên hiệp các Hội Khoa học và Kỹ thuật"
    purpose = "<p>Mục đích</p>"
    eligibility = "<p>Đối tượng</p>"
    ip_terms = "<p>Sở hữu trí tuệ</p>"
    budget_ceiling = 1_500_000_000
    opens_at = factory.LazyFunction(lambda: _in(-10))
    closes_at = factory.LazyFunction(lambda: _in(30))


class ContestCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContestCategory

    key = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Hạng mục {n}")


def ensure_page_tree_root() -> Page:
    """Wagtail's migrations create the tree's root page; transactional tests flush it away."""
    from django.contrib.contenttypes.models import ContentType

    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                url_path="/",
            )
        )
    return root


def build_site() -> dict:
    """A Vietnamese home page as the default site's root, with its English translation."""
    root = ensure_page_tree_root()
    vi = Locale.objects.get_or_create(language_code="vi")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    home = HomePageFactory(parent=root, locale=vi, slug="trang-chu")
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    home_en = home.copy_for_translation(en)
    home_en.title = "Home"
    home_en.save_revision().publish()
    index = ChallengeIndexPageFactory(parent=home)
    return {"vi": vi, "en": en, "home": home, "home_en": home_en.specific, "index": index}
