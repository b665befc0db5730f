from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from challenges.admin_forms import CallPageForm
from challenges.enums import CallStatusChoice, Sector
from challenges.forms import ProblemFilterForm
from challenges.listing import filter_and_sort
from challenges.windows import CallStatus, Timeline, Window, timeline
from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.models import meta_description


class CallPageQuerySet(PageQuerySet):
    def accepting(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now: datetime | None = None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now: datetime | None = None):
        return self.filter(closes_at__lte=now or timezone.now())


CallPageManager = PageManager.from_queryset(CallPageQuerySet)


class CallPage(Page):
    """What a challenge and a contest share: a page that accepts submissions inside a window.

    Times are entered and shown in Asia/Ho_Chi_Minh and stored in UTC.
    """

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown on cards and in search results."),
    )
    owning_agency = models.CharField(_("owning agency"), max_length=200)
    opens_at = models.DateTimeField(_("submissions open"))
    closes_at = models.DateTimeField(_("submissions close"))
    judging_starts_at = models.DateTimeField(_("judging starts"), null=True, blank=True)
    results_expected_at = models.DateTimeField(_("results expected"), null=True, blank=True)
    results_published_at = models.DateTimeField(
        _("results published"), null=True, blank=True, editable=False
    )
    budget_ceiling = models.PositiveBigIntegerField(
        _("budget ceiling (VND)"),
        help_text=_("Whole đồng, no decimals."),
        validators=[MinValueValidator(0)],
    )
    body = StreamField(BodyBlock(), verbose_name=_("more information"), blank=True)

    objects = CallPageManager()
    base_form_class = CallPageForm

    window_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("judging_starts_at"), FieldPanel("results_expected_at")]),
            ],
            heading=_("Submission window (Asia/Ho_Chi_Minh)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("owning_agency"),
        index.SearchField("body"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    common_api_fields = [
        APIField("summary"),
        APIField("owning_agency"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("judging_starts_at"),
        APIField("results_expected_at"),
        APIField("budget_ceiling"),
        APIField("status"),
        APIField("body"),
    ]

    class Meta:
        abstract = True

    def with_content_json(self, content):
        """A revision holds editors' content; whether results are published is not theirs.

        ``results_publish`` sets ``results_published_at`` on the live row; a revision saved before
        that (an open edit form, a draft, a scheduled publish) must not bring back its ``None``.
        """
        page = super().with_content_json(content)
        page.results_published_at = self.results_published_at
        return page

    def save(self, *args, **kwargs):
        if self.pk is not None and self.results_published_at is None:
            # A stale in-memory copy saved after results were published keeps them published.
            self.results_published_at = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("results_published_at", flat=True)
                .first()
            )
        return super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Submissions must close after they open.")
        if self.judging_starts_at and self.closes_at and self.judging_starts_at < self.closes_at:
            errors["judging_starts_at"] = _("Judging cannot start before submissions close.")
        if (
            self.results_expected_at
            and self.closes_at
            and self.results_expected_at < self.closes_at
        ):
            errors["results_expected_at"] = _("Results cannot come before submissions close.")
        if errors:
            raise ValidationError(errors)

    @property
    def window(self) -> Window:
        return Window(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            judging_starts_at=self.judging_starts_at,
            results_published=self.results_published_at is not None,
        )

    def status_at(self, now: datetime) -> CallStatus:
        return self.window.status(now)

    @property
    def status(self) -> str:
        return str(self.status_at(timezone.now()))

    @property
    def status_label(self) -> str:
        return CallStatusChoice(self.status).label

    def accepts_submissions(self, now: datetime | None = None) -> bool:
        return self.window.accepts_submissions(now or timezone.now())

    @property
    def time_left(self):
        return self.window.time_left(timezone.now())

    @property
    def timeline(self) -> Timeline:
        return timeline(self.window, timezone.now(), self.results_expected_at)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary


class ChallengeIndexPage(Page):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["challenges.ChallengePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("problems index")

    def get_meta_description(self) -> str:
        return meta_description(self.search_description, self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ProblemFilterForm(request.GET if request.GET else None)
        filters = form.filters()
        pages = ChallengePage.objects.child_of(self).live().public()
        if filters["sector"]:
            pages = pages.filter(sector=filters["sector"])
        if filters["q"]:
            matching = ChallengePage.objects.filter(locale_id=self.locale_id).search(
                filters["q"], operator="and"
            )
            pages = pages.filter(pk__in=[page.pk for page in matching])
        context["filter_form"] = form
        context["is_filtered"] = form.is_filtered
        context["total_count"] = ChallengePage.objects.child_of(self).live().public().count()
        context["challenges"] = filter_and_sort(
            pages, now=timezone.now(), status=filters["status"], sort=filters["sort"]
        )
        return context


class ChallengePage(CallPage):
    """One of the province's big problems, open to technology companies."""

    code = models.CharField(
        _("code"),
        max_length=8,
        validators=[RegexValidator(r"^P\d{2}$", _("Use the form P01 … P99."))],
        help_text=_("Short code used in submission references, e.g. P03."),
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    statement = RichTextField(_("problem statement"), features=RICH_TEXT_FEATURES)
    context = RichTextField(_("context"), features=RICH_TEXT_FEATURES, blank=True)
    expected_outcomes = RichTextField(_("expected outcomes"), features=RICH_TEXT_FEATURES)
    constraints = RichTextField(_("constraints"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["challenges.ChallengeIndexPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("sector")]),
        FieldPanel("summary"),
        FieldPanel("owning_agency"),
        FieldPanel("budget_ceiling"),
        *CallPage.window_panels,
        FieldPanel("statement"),
        FieldPanel("context"),
        FieldPanel("expected_outcomes"),
        FieldPanel("constraints"),
        FieldPanel("body"),
    ]
    search_fields = CallPage.search_fields + [
        index.SearchField("code"),
        index.SearchField("statement"),
        index.SearchField("context"),
        index.SearchField("expected_outcomes"),
        index.FilterField("sector"),
        index.FilterField("code"),
    ]
    api_fields = [
        APIField("code"),
        APIField("sector"),
        APIField("statement"),
        APIField("context"),
        APIField("expected_outcomes"),
        APIField("constraints"),
        *CallPage.common_api_fields,
    ]

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def clean(self) -> None:
        super().clean()
        if self.code and self.locale_id:
            clash = (
                ChallengePage.objects.filter(code=self.code, locale_id=self.locale_id)
                .exclude(pk=self.pk)
                .exclude(translation_key=self.translation_key)
                .exists()
            )
            if clash:
                raise ValidationError({"code": _("Another problem already uses this code.")})

    @property
    def sector_label(self) -> str:
        return Sector(self.sector).label if self.sector in Sector.values else self.sector


class ContestPage(CallPage):
    """A contest with its own rules: categories, age bands, eligibility, IP terms."""

    purpose = RichTextField(_("purpose"), features=RICH_TEXT_FEATURES)
    eligibility = RichTextField(_("eligibility"), features=RICH_TEXT_FEATURES)
    how_to_enter = RichTextField(_("how to enter"), features=RICH_TEXT_FEATURES, blank=True)
    ip_terms = RichTextField(_("intellectual property terms"), features=RICH_TEXT_FEATURES)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("owning_agency"),
        FieldPanel("budget_ceiling"),
        *CallPage.window_panels,
        FieldPanel("purpose"),
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
        InlinePanel("categories", label=_("Categories"), min_num=1),
        FieldPanel("how_to_enter"),
        FieldPanel("ip_terms"),
        FieldPanel("body"),
    ]
    search_fields = CallPage.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("eligibility"),
        index.SearchField("how_to_enter"),
    ]
    api_fields = [
        APIField("purpose"),
        APIField("eligibility"),
        APIField("how_to_enter"),
        APIField("ip_terms"),
        APIField("min_age"),
        APIField("max_age"),
        APIField("categories"),
        *CallPage.common_api_fields,
    ]

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def clean(self) -> None:
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})


class ContestCategory(Orderable):
    """A contest category: a field, an age band, or both."""

    page = ParentalKey(ContestPage, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Stable identifier, the same in every language.")
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("name")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
    ]
    api_fields = [
        APIField("key"),
        APIField("name"),
        APIField("description"),
        APIField("min_age"),
        APIField("max_age"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="unique_category_key_per_contest")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})

    @property
    def age_band(self) -> tuple[int | None, int | None]:
        return (self.min_age, self.max_age)

    def admits_age(self, age: int) -> bool:
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)
