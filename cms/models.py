from __future__ import annotations

import html
import re

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.enums import Language


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The e-mail address is the login; there is no username."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.VI
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can sign in to the administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]


class AuditEvent(models.Model):
    """Append-only record of a state change: who, when, what, before and after."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are append-only.")


class OutboxMessage(models.Model):
    """A Celery task to deliver after the transaction that wrote it commits (transactional outbox).

    Written in the caller's transaction, so it exists exactly when the change it reports does.
    ``sent_at`` is set only once the broker (or, embedded, the in-process run) has accepted it;
    until then the relay keeps publishing it. Tasks are idempotent, so a second delivery is harmless.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    available_at = models.DateTimeField(_("available from"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(sent_at__isnull=True),
                name="cms_outbox_unsent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} [{self.dedup_key}]"

    @property
    def task_id(self) -> str:
        """Stable across re-publishes, so the worker and result backend see one task."""
        return f"outbox-{self.pk}"


META_DESCRIPTION_LENGTH = 160
_BLOCK_END = re.compile(r"<(?:br|/p|/li|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)


def meta_description(search_description: str, *texts: str) -> str:
    """The editor's search description, else the first non-empty lead text as plain text (rich
    text's tags and entities removed), cut at a word to at most 160 characters, about what search
    engines show."""
    if search_description:
        return search_description
    for text in texts:
        plain = " ".join(html.unescape(strip_tags(_BLOCK_END.sub(" ", text or ""))).split())
        if len(plain) <= META_DESCRIPTION_LENGTH:
            if plain:
                return plain
            continue
        cut = plain[: META_DESCRIPTION_LENGTH - 1]
        if plain[len(cut)] != " " and " " in cut[META_DESCRIPTION_LENGTH // 2 :]:
            cut = cut.rsplit(" ", 1)[0]  # not in the middle of a word
        return cut.rstrip(" ,;:.-–") + "…"
    return ""


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=160)
    hero_lead = models.TextField(_("hero lead"), max_length=400, blank=True)
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "challenges.ChallengeIndexPage",
        "challenges.ContestPage",
        "cms.StandardPage",
        "cms.NewsIndexPage",
    ]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_lead"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_lead"),
        index.SearchField("intro"),
    ]
    api_fields = [APIField("hero_title"), APIField("hero_lead"), APIField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_meta_description(self) -> str:
        return meta_description(self.search_description, self.hero_lead, self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Apps above cms add their sections (problems, contests …) through this hook, so the
        # site package never imports them.
        for fn in hooks.get_hooks("cms_home_page_context"):
            context.update(fn(self, request))
        context["latest_news"] = list(
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("-date", "-pk")[:3]
        )
        context["news_index"] = NewsIndexPage.objects.child_of(self).live().first()
        return context


class StandardPage(Page):
    """A generic page: About, Contact, Privacy, Terms …"""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("generic page")
        verbose_name_plural = _("generic pages")

    def get_meta_description(self) -> str:
        return meta_description(self.search_description, self.intro)


class NewsIndexPage(Page):
    """The news list of one language tree."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("news index")

    def get_meta_description(self) -> str:
        return meta_description(self.search_description, self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = (
            NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in lists and in search results."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [APIField("date"), APIField("summary"), APIField("body")]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_meta_description(self) -> str:
        return self.search_description or self.summary
