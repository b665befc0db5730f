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
