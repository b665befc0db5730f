"""Panels, judges, conflicts, rounds, assignments and reviews.

Workflow data: rows point at call pages (``wagtailcore.Page``, the default-language page that
submissions point at) with ``on_delete=PROTECT``. The rubric rows are what both the public call
page and the scoring form read; no copy of the criteria lives in page text.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rules.contrib.models import RulesModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from judging import rules as perms
from judging.enums import (
    AggregationMethod,
    AssignmentSource,
    AwardMode,
    ConflictSource,
    NoFitRule,
    PayoutMethod,
    PayoutStatus,
    ReminderKind,
    ReviewStatus,
    RoundKind,
    RunStatus,
    TieFallback,
    UnfilledTierRule,
)

INVITATION_LIFETIME = timedelta(days=14)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _localised(vi: str, en: str) -> str:
    if (get_language() or "").startswith("en") and en:
        return en
    return vi


class Rubric(ClusterableModel):
    """The criteria of one call, or of one category of a contest (``category_key``)."""

    call = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("call"), on_delete=models.PROTECT, related_name="rubrics"
    )
    category_key = models.SlugField(
        _("category"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty for the whole call, or give a contest category's key."),
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=16,
        choices=AggregationMethod.choices,
        default=AggregationMethod.MEAN,
    )
    trim = models.PositiveSmallIntegerField(_("trimmed from each end"), default=1)
    min_judge_sample = models.PositiveSmallIntegerField(
        _("minimum entries per judge for z-scores"), default=5
    )
    disagreement_spread = models.DecimalField(
        _("disagreement spread"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Entries whose judge totals differ by more than this are flagged."),
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldRowPanel([FieldPanel("call"), FieldPanel("category_key")]),
        FieldRowPanel(
            [
                FieldPanel("aggregation"),
                FieldPanel("trim"),
                FieldPanel("min_judge_sample"),
                FieldPanel("disagreement_spread"),
            ]
        ),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
    ]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["call_id", "category_key"]
        constraints = [
            models.UniqueConstraint(fields=["call", "category_key"], name="unique_rubric_per_call")
        ]

    def __str__(self) -> str:
        title = self.call.title if self.call_id else "?"
        return f"{title} · {self.category_key}" if self.category_key else title

    @property
    def is_frozen(self) -> bool:
        """Frozen once its first review is submitted: scores already given refer to it."""
        if self.frozen_at is not None:
            return True
        return self.pk is not None and self.reviews.filter(status=ReviewStatus.SUBMITTED).exists()

    @property
    def total_weight_maximum(self) -> Decimal:
        return sum((c.weight * c.maximum for c in self.criteria.all()), Decimal(0))


class Criterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    maximum = models.DecimalField(
        _("maximum"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    step = models.DecimalField(
        _("step"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Scores are multiples of this, e.g. 0.5."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    minimum = models.DecimalField(
        _("minimum to qualify"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional threshold on the aggregated score of this criterion."),
    )

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("name_vi"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("description_vi"), FieldPanel("description_en")]),
        FieldRowPanel(
            [
                FieldPanel("maximum"),
                FieldPanel("step"),
                FieldPanel("weight"),
                FieldPanel("minimum"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="unique_criterion_key")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.maximum and self.step and (self.maximum % self.step) != 0:
            raise ValidationError({"step": _("The maximum must be a multiple of the step.")})
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"minimum": _("The minimum is above the maximum.")})

    @property
    def name(self) -> str:
        return _localised(self.name_vi, self.name_en)

    @property
    def description(self) -> str:
        return _localised(self.description_vi, self.description_en)


class Panel(ClusterableModel):
    """Experts who judge a set of calls (or one contest category), with a chair."""

    name = models.CharField(_("name"), max_length=200)
    calls = models.ManyToManyField("wagtailcore.Page", verbose_name=_("calls"), related_name="+")
    category_key = models.SlugField(_("category"), max_length=40, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_panels",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldPanel("name"),
        FieldPanel("calls"),
        FieldRowPanel([FieldPanel("category_key"), FieldPanel("chair")]),
        InlinePanel("members", label=_("Members")),
    ]

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = ParentalKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="panel_memberships",
    )
    max_load = models.PositiveSmallIntegerField(_("maximum entries"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("max_load")])]

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="unique_panel_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.panel}"


class PanelInvitation(models.Model):
    """An e-mailed invitation to join a panel: single use, valid for 14 days."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("panel invitation")
        verbose_name_plural = _("panel invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.panel}"

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        if self.expires_at is None:
            self.expires_at = (self.created_at or timezone.now()) + INVITATION_LIFETIME
        super().save(*args, **kwargs)

    def is_usable(self, now=None) -> bool:
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at


class JudgeProfile(ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="judge_profile",
    )
    expertise = models.JSONField(
        _("expertise sectors"), default=list, blank=True, help_text=_("Sector keys.")
    )
    email_domains = models.JSONField(
        _("e-mail domains"),
        default=list,
        blank=True,
        help_text=_("Domains of organisations the judge belongs to, e.g. humg.edu.vn."),
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("expertise"),
        FieldPanel("email_domains"),
        InlinePanel("affiliations", label=_("Affiliations")),
    ]

    class Meta:
        verbose_name = _("judge profile")
        verbose_name_plural = _("judge profiles")

    def __str__(self) -> str:
        return str(self.user)


class Affiliation(models.Model):
    """An organisation the judge works or worked for; ``until`` empty means current."""

    profile = ParentalKey(JudgeProfile, on_delete=models.CASCADE, related_name="affiliations")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    panels = [
        FieldRowPanel(
            [FieldPanel("organisation_name"), FieldPanel("tax_code"), FieldPanel("until")]
        )
    ]

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return self.organisation_name


class Conflict(RulesModel):
    """A judge may not review an organisation's entries (or one entry)."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="judging_conflicts",
    )
    organisation = models.ForeignKey(
        "submissions.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="judge_conflicts",
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="judge_conflicts",
    )
    source = models.CharField(_("source"), max_length=16, choices=ConflictSource.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(submission__isnull=False),
                name="conflict_has_target",
            ),
            models.UniqueConstraint(
                fields=["judge", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_conflict_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["judge", "submission"],
                condition=Q(submission__isnull=False),
                name="unique_conflict_per_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.organisation or self.submission}"


class ConflictDeclaration(models.Model):
    """The judge went through the declaration page of a panel (possibly declaring nothing)."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="declarations")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "panel"], name="unique_declaration")
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.panel}"


class Round(RulesModel):
    """A judging round of a call (or a contest category) by one panel."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.PROTECT, related_name="rounds"
    )
    call = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("call"), on_delete=models.PROTECT, related_name="+"
    )
    category_key = models.SlugField(_("category"), max_length=40, blank=True)
    kind = models.CharField(
        _("round"), max_length=16, choices=RoundKind.choices, default=RoundKind.SHORTLIST
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=3, validators=[MinValueValidator(1)]
    )
    due_at = models.DateTimeField(_("reviews due"))
    blind = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Judges see no organisation or person names, e-mails or references."),
    )
    show_panel_scores = models.BooleanField(
        _("judges see the panel's scores after submitting"), default=False
    )
    seed = models.PositiveIntegerField(_("assignment seed"), default=0)
    assignments_confirmed_at = models.DateTimeField(
        _("assignments confirmed"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldRowPanel([FieldPanel("panel"), FieldPanel("call"), FieldPanel("category_key")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("judges_per_entry"), FieldPanel("due_at")]),
        FieldRowPanel([FieldPanel("blind"), FieldPanel("show_panel_scores"), FieldPanel("seed")]),
    ]

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        ordering = ["call_id", "category_key", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "category_key", "kind"], name="unique_round_per_call"
            )
        ]
        rules_permissions = {
            "view_dashboard": perms.can_view_dashboard,
            "add_consensus_note": perms.is_round_chair,
        }

    def __str__(self) -> str:
        label = f"{self.call.title} · {self.get_kind_display()}"
        return f"{label} · {self.category_key}" if self.category_key else label

    def clean(self) -> None:
        super().clean()
        if self.panel_id and self.call_id and not self.panel.calls.filter(pk=self.call_id).exists():
            raise ValidationError({"call": _("The panel does not judge this call.")})


class RoundEntry(models.Model):
    """A submission advanced into a final round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="round_entries"
    )
    advanced_at = models.DateTimeField(default=timezone.now)
    score = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "submission"], name="unique_round_entry")
        ]

    def __str__(self) -> str:
        return f"#{self.submission_id} → {self.round}"


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not voided: what judges see."""
        return self.filter(confirmed_at__isnull=False, voided_at__isnull=True)

    def proposed(self):
        return self.filter(confirmed_at__isnull=True, voided_at__isnull=True)


class Assignment(RulesModel):
    """Judge × submission × round. Unconfirmed rows are the staff's preview."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assignments"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="judging_assignments",
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="judging_assignments",
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=AssignmentSource.choices,
        default=AssignmentSource.AUTOMATIC,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.TextField(_("reason voided"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round_id", "submission_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "submission"], name="unique_assignment"
            )
        ]
        rules_permissions = {"review": perms.can_review, "download": perms.can_review}

    def __str__(self) -> str:
        return f"{self.judge} × #{self.submission_id} ({self.round})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.voided_at is None


class Review(RulesModel):
    """One judge's scores for one assignment: a draft until submitted."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.TextField(_("reason voided"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        rules_permissions = {"reopen": perms.can_reopen_review}

    def __str__(self) -> str:
        return f"{self.assignment} [{self.status}]"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_review_score")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.criterion_id}: {self.score}"


class ConsensusNote(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="consensus_notes")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="consensus_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderSent(models.Model):
    """One row per (assignment, kind): the unique constraint makes each e-mail once-only."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="unique_judge_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for assignment {self.assignment_id}"


# --- awards: policies, runs, decisions, awards, the ledger, payouts, appeals -------------------


class AwardPolicy(ClusterableModel):
    """Budget, tiers or funding, thresholds, caps and tie rules for one scope (DESIGN.md).

    The scope is one call (``call``, optionally narrowed to a contest category) or a pool of
    calls sharing one budget (``pool_calls``). Per-criterion minimums are the rubric's.
    """

    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    call = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_policies",
    )
    category_key = models.SlugField(
        _("category"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty for the whole call, or give a contest category's key."),
    )
    pool_calls = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("pool of calls"),
        blank=True,
        related_name="+",
        help_text=_("Instead of one call: several calls sharing this budget."),
    )
    budget = models.PositiveBigIntegerField(_("budget (VND)"))
    rounding_unit = models.PositiveBigIntegerField(
        _("rounding unit (VND)"), default=100_000, validators=[MinValueValidator(1)]
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=AwardMode.choices, default=AwardMode.TIERED
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=16,
        choices=AggregationMethod.choices,
        default=AggregationMethod.MEAN,
    )
    trim = models.PositiveSmallIntegerField(_("trimmed from each end"), default=1)
    min_judge_sample = models.PositiveSmallIntegerField(
        _("minimum entries per judge for z-scores"), default=5, validators=[MinValueValidator(1)]
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("minimum reviews"), default=3, validators=[MinValueValidator(1)]
    )
    overall_min = models.DecimalField(
        _("overall minimum score"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    disagreement_spread = models.DecimalField(
        _("disagreement spread"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    block_on_disagreement = models.BooleanField(
        _("hold entries with a large disagreement for consensus"), default=False
    )
    max_awards_per_organisation = models.PositiveSmallIntegerField(
        _("maximum awards per organisation"), null=True, blank=True
    )
    max_awards_per_call = models.PositiveSmallIntegerField(
        _("maximum awards per call"), null=True, blank=True
    )
    no_fit = models.CharField(
        _("when an award does not fit"),
        max_length=16,
        choices=NoFitRule.choices,
        default=NoFitRule.SKIP_CONTINUE,
    )
    unfilled_tier = models.CharField(
        _("when nobody reaches a tier"),
        max_length=24,
        choices=UnfilledTierRule.choices,
        default=UnfilledTierRule.LEAVE_UNSPENT,
    )
    tie_keys = models.CharField(
        _("tie-break criteria"),
        max_length=200,
        blank=True,
        help_text=_("Criterion keys in order, separated by commas."),
    )
    tie_fallback = models.CharField(
        _("when still tied"),
        max_length=16,
        choices=TieFallback.choices,
        default=TieFallback.COMMITTEE,
    )
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal after results"), default=14)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("call"), FieldPanel("category_key")]),
        FieldPanel("pool_calls"),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("rounding_unit"), FieldPanel("mode")]),
        FieldRowPanel(
            [
                FieldPanel("aggregation"),
                FieldPanel("trim"),
                FieldPanel("min_judge_sample"),
                FieldPanel("min_reviews"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("overall_min"),
                FieldPanel("disagreement_spread"),
                FieldPanel("block_on_disagreement"),
            ]
        ),
        FieldRowPanel(
            [FieldPanel("max_awards_per_organisation"), FieldPanel("max_awards_per_call")]
        ),
        FieldRowPanel([FieldPanel("no_fit"), FieldPanel("unfilled_tier")]),
        FieldRowPanel(
            [FieldPanel("tie_keys"), FieldPanel("tie_fallback"), FieldPanel("appeal_days")]
        ),
        InlinePanel("tiers", label=_("Prize tiers")),
    ]

    class Meta:
        verbose_name = _("award policy")
        verbose_name_plural = _("award policies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def localised_name(self) -> str:
        """The name in the active language; the Vietnamese one when no English name is given."""
        return _localised(self.name, self.name_en)

    @property
    def tie_key_list(self) -> list[str]:
        return [key.strip() for key in self.tie_keys.split(",") if key.strip()]

    def clean(self) -> None:
        super().clean()
        if self.budget is not None and self.pk:
            ledger = BudgetLedger.objects.filter(policy_id=self.pk).first()
            if ledger is not None and self.budget < ledger.committed + ledger.paid:
                raise ValidationError(
                    {"budget": _("The budget is below what is already committed and paid.")}
                )


class PolicyTier(Orderable):
    policy = ParentalKey(AwardPolicy, on_delete=models.CASCADE, related_name="tiers")
    key = models.SlugField(_("key"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    count = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    min_score = models.DecimalField(
        _("minimum score"), max_digits=10, decimal_places=4, null=True, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("name_vi"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("count"), FieldPanel("amount"), FieldPanel("min_score")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("prize tier")
        verbose_name_plural = _("prize tiers")
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="unique_policy_tier_key")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_vi, self.name_en)


class AllocationRun(models.Model):
    """An immutable run of a policy over a snapshot of the scores. A change is a new run."""

    policy = models.ForeignKey(
        AwardPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="runs"
    )
    policy_json = models.JSONField(_("policy snapshot"))
    entries_json = models.JSONField(_("entries snapshot"))
    result_json = models.JSONField(_("result"))
    input_hash = models.CharField(_("input hash"), max_length=64)
    result_hash = models.CharField(_("result hash"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices)
    spent = models.PositiveBigIntegerField(_("spent"))
    unspent = models.PositiveBigIntegerField(_("unspent"))
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The run this one re-ran with a committee order."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    #: The only fields that change after a run is stored.
    MUTABLE_FIELDS = frozenset({"approved_by", "approved_at", "published_at"})

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(approved_at__isnull=False),
                name="one_approved_run_per_policy",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(approved_at__isnull=False),
                name="run_published_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS
        ):
            raise ValidationError(_("An allocation run never changes; start a new run."))
        super().save(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.status == RunStatus.FINAL


class AllocationDecision(models.Model):
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="decisions")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="award_decisions"
    )
    entry_id = models.CharField(_("entry"), max_length=40)
    position = models.PositiveIntegerField(_("position in the result"))
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=14, decimal_places=4, null=True, blank=True)
    tier_key = models.CharField(_("tier"), max_length=40, blank=True)
    amount = models.PositiveBigIntegerField(_("amount"))
    reason = models.CharField(_("reason"), max_length=40)
    params = models.JSONField(default=dict)
    explanation_vi = models.TextField()
    explanation_en = models.TextField()

    class Meta:
        ordering = ["run_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "submission"], name="unique_decision_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.reason}"

    @property
    def is_awarded(self) -> bool:
        return self.reason == "AWARDED"

    @property
    def explanation(self) -> str:
        return _localised(self.explanation_vi, self.explanation_en)


class BudgetLedger(models.Model):
    """Committed and paid money of one policy. The database refuses to overspend."""

    policy = models.OneToOneField(AwardPolicy, on_delete=models.PROTECT, related_name="ledger")
    budget = models.PositiveBigIntegerField(_("budget"))
    committed = models.PositiveBigIntegerField(_("committed"), default=0)
    paid = models.PositiveBigIntegerField(_("paid"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget ledger")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(paid__gte=0),
                name="ledger_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=models.F("budget") - models.F("paid")),
                name="ledger_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.committed} + {self.paid} / {self.budget}"

    @property
    def remaining(self) -> int:
        return self.budget - self.committed - self.paid


class Award(models.Model):
    """An approved decision: money committed in the ledger until it is paid."""

    run = models.ForeignKey(AllocationRun, on_delete=models.PROTECT, related_name="awards")
    decision = models.OneToOneField(
        AllocationDecision, on_delete=models.PROTECT, related_name="award"
    )
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="awards"
    )
    tier_key = models.CharField(_("tier"), max_length=40, blank=True)
    amount = models.PositiveBigIntegerField(_("amount"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["run_id", "-amount", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "submission"], name="unique_award_per_entry"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.amount}"


class AwardNotice(models.Model):
    """One row per (decision, recipient): the e-mail about a decision goes out once."""

    decision = models.ForeignKey(
        AllocationDecision, on_delete=models.CASCADE, related_name="notices"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="unique_award_notice")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} → {self.user_id}"


class PayeeAccount(models.Model):
    """Where an organisation's awards are paid by Stripe (a Connect account)."""

    organisation = models.OneToOneField(
        "submissions.Organisation", on_delete=models.CASCADE, related_name="payee_account"
    )
    stripe_account_id = models.CharField(_("Stripe account"), max_length=64, blank=True)
    ready = models.BooleanField(_("ready for transfers"), default=False)
    details_submitted = models.BooleanField(_("onboarding details submitted"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    onboarding_started_at = models.DateTimeField(_("onboarding started"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last read from Stripe"), null=True, blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("stripe_account_id"), FieldPanel("ready")]

    class Meta:
        verbose_name = _("payee account")
        verbose_name_plural = _("payee accounts")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.stripe_account_id or '-'}"

    @property
    def onboarding_status(self) -> str:
        """``not_started``, ``pending`` (onboarding begun, Stripe not satisfied yet) or ``ready``."""
        if not self.stripe_account_id:
            return "not_started"
        return "ready" if self.ready else "pending"


class Payout(models.Model):
    """The one payment of an award: a Stripe transfer or a recorded bank transfer."""

    #: Status moves only forward along this order (``failed`` may be retried to ``paid``).
    ORDER = {
        PayoutStatus.PENDING: 0,
        PayoutStatus.FAILED: 0,
        PayoutStatus.PAID: 1,
        PayoutStatus.PARTIALLY_REVERSED: 2,
        PayoutStatus.REVERSED: 3,
    }

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="payout")
    method = models.CharField(_("method"), max_length=8, choices=PayoutMethod.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PayoutStatus.choices, default=PayoutStatus.PENDING
    )
    amount = models.PositiveBigIntegerField(_("amount"))
    transfer_id = models.CharField(_("Stripe transfer"), max_length=64, blank=True, db_index=True)
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(_("payment requests"), default=0)
    attempt_scope = models.CharField(
        _("Stripe idempotency scope"),
        max_length=40,
        default="transfer",
        help_text=_("Changes only after Stripe declined a transfer, so a retry cannot pay twice."),
    )
    amount_reversed = models.PositiveBigIntegerField(_("reversed amount"), default=0)
    #: Reversed money that finance paid again by bank transfer (committed → paid).
    amount_resettled = models.PositiveBigIntegerField(_("reversed amount paid again"), default=0)
    resettle_reference = models.CharField(
        _("bank reference of the repayment"), max_length=100, blank=True
    )
    #: Reversed money that staff gave back to the budget: the award will not be paid it again.
    amount_released = models.PositiveBigIntegerField(
        _("reversed amount released to the budget"), default=0
    )
    release_reason = models.TextField(_("reason for the release"), blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_reversed__lte=models.F("amount")),
                name="payout_reversal_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(
                    amount_resettled__lte=models.F("amount_reversed") - models.F("amount_released")
                ),
                name="payout_settled_within_reversed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} · {self.status}"

    @property
    def reversal_outstanding(self) -> int:
        """Reversed đồng still committed to the award: neither paid again nor released."""
        return self.amount_reversed - self.amount_resettled - self.amount_released

    @property
    def amount_paid(self) -> int:
        """What the winner holds now: the transfer less reversals, plus what was paid again."""
        if self.status not in (
            PayoutStatus.PAID,
            PayoutStatus.PARTIALLY_REVERSED,
            PayoutStatus.REVERSED,
        ):
            return 0
        return self.amount - self.amount_reversed + self.amount_resettled


class StripeEvent(models.Model):
    """Each webhook event id once: a duplicate delivery is a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.event_id


class Appeal(models.Model):
    """An entrant's complaint about a published decision, and staff's answers.

    Every staff answer is an ``AppealReply``; ``answer``, ``answered_by`` and ``answered_at``
    repeat the latest one, so code reading them keeps working."""

    decision = models.ForeignKey(
        AllocationDecision, on_delete=models.PROTECT, related_name="appeals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("appeal"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.decision.entry_id}"


class AppealReply(models.Model):
    """One staff answer to an appeal. Answers are added, never overwritten: the entrant and staff
    see the whole trail in order."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("answer"), max_length=5000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("appeal answer")
        verbose_name_plural = _("appeal answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} on appeal #{self.appeal_id}"


# --- sponsor prizes ---------------------------------------------------------------------------------


class SponsorStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for Stripe")
    COMPLETED = "completed", _("Paid")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed")


class SponsorContribution(models.Model):
    """A company's sponsor prize for one award policy, paid through Stripe Checkout.

    It counts (results page, sponsored totals) only once ``checkout.session.completed`` has been
    verified against the session re-read from Stripe; until then it is ``pending``. It is a
    separate sponsor fund: it never changes the policy's regulated budget or its ledger.
    """

    MIN_AMOUNT = 1_000_000
    #: A sanity cap; Stripe may refuse less for an account, and that refusal is shown.
    MAX_AMOUNT = 10_000_000_000
    TITLE_MAX_LENGTH = 200
    MESSAGE_MAX_LENGTH = 500

    organisation = models.ForeignKey(
        "submissions.Organisation",
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="sponsor_contributions",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy = models.ForeignKey(
        AwardPolicy,
        verbose_name=_("award policy"),
        on_delete=models.PROTECT,
        related_name="sponsor_contributions",
    )
    prize_title = models.CharField(_("prize title"), max_length=TITLE_MAX_LENGTH)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    sponsor_name = models.CharField(
        _("public sponsor name"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the results page; the organisation's name when empty."),
    )
    message = models.TextField(_("public message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SponsorStatus.choices, default=SponsorStatus.PENDING
    )
    checkout_session_id = models.CharField(
        _("Stripe Checkout session"), max_length=255, unique=True, null=True, blank=True
    )
    payment_intent_id = models.CharField(_("Stripe payment"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("sponsor contribution")
        verbose_name_plural = _("sponsor contributions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1_000_000), name="sponsor_amount_minimum"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_name} · {self.prize_title} · {self.amount}"

    @property
    def public_name(self) -> str:
        return self.sponsor_name or self.organisation.name

    def clean(self) -> None:
        super().clean()
        if self.amount is None:
            return
        if self.amount < self.MIN_AMOUNT:
            raise ValidationError(
                {
                    "amount": _("A sponsor prize is at least %(minimum)s VND.")
                    % {"minimum": f"{self.MIN_AMOUNT:,}".replace(",", ".")}
                }
            )
        if self.amount > self.MAX_AMOUNT:
            raise ValidationError(
                {
                    "amount": _("A sponsor prize is at most %(maximum)s VND.")
                    % {"maximum": f"{self.MAX_AMOUNT:,}".replace(",", ".")}
                }
            )
        unit = self.policy.rounding_unit if self.policy_id else 1
        if unit > 1 and self.amount % unit:
            raise ValidationError(
                {
                    "amount": _("Give a multiple of %(unit)s VND, the prize's rounding unit.")
                    % {"unit": f"{unit:,}".replace(",", ".")}
                }
            )
