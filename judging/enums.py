from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundKind(models.TextChoices):
    SHORTLIST = "shortlist", pgettext_lazy("judging round", "Shortlist")
    FINAL = "final", pgettext_lazy("judging round", "Final")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("review status", "Submitted")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the judge")
    DETECTED = "detected", _("Detected by the system")
    STAFF = "staff", _("Recorded by staff")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("Manual")
    REASSIGNED = "reassigned", _("Reassigned after a conflict")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean")
    ZSCORE = "zscore", _("Judge z-score normalisation")


class ReminderKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assignment notice")
    DUE_SOON = "due_soon", _("Reminder before the due date")


class AwardMode(models.TextChoices):
    TIERED = "tiered", _("Prize tiers")
    FUNDING = "funding", _("Funding (requested amount, capped by the call's ceiling)")


class NoFitRule(models.TextChoices):
    SKIP_CONTINUE = "skip_continue", _("Skip an award that does not fit and try the next entry")
    STOP = "stop", _("Stop at the first award that does not fit")


class UnfilledTierRule(models.TextChoices):
    LEAVE_UNSPENT = "leave_unspent", _("Leave the money unspent")
    TRANSFER_SLOTS_DOWN = "transfer_slots_down", _("Move the free places to the next tier down")


class TieFallback(models.TextChoices):
    COMMITTEE = "committee", _("The committee records an order")
    SHARE = "share", _("Share the tied amounts equally")
    SEEDED_LOTTERY = "seeded_lottery", _("Seeded lottery")


class RunStatus(models.TextChoices):
    FINAL = "final", pgettext_lazy("allocation run", "Final")
    NEEDS_TIEBREAK = "needs_tiebreak", _("Needs a committee tiebreak")
    NEEDS_CONSENSUS = "needs_consensus", _("Needs the panel's consensus")


class PayoutMethod(models.TextChoices):
    STRIPE = "stripe", _("Stripe transfer")
    BANK = "bank", _("Bank transfer")


class PayoutStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("payout", "Pending")
    PAID = "paid", pgettext_lazy("payout", "Paid")
    PARTIALLY_REVERSED = "partially_reversed", pgettext_lazy("payout", "Partially reversed")
    REVERSED = "reversed", pgettext_lazy("payout", "Reversed")
    FAILED = "failed", pgettext_lazy("payout", "Failed")
