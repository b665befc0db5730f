from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    OWNER = "owner", pgettext_lazy("organisation role", "Owner")
    EDITOR = "editor", pgettext_lazy("organisation role", "Editor")
    VIEWER = "viewer", pgettext_lazy("organisation role", "Viewer")


class OrganisationSize(models.TextChoices):
    MICRO = "micro", _("Micro (under 10 people)")
    SMALL = "small", _("Small (10–99 people)")
    MEDIUM = "medium", _("Medium (100–299 people)")
    LARGE = "large", _("Large (300 people or more)")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("submission status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("submission status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("submission status", "Withdrawn")


class Eligibility(models.TextChoices):
    PENDING = "pending", pgettext_lazy("eligibility", "Not yet screened")
    ELIGIBLE = "eligible", pgettext_lazy("eligibility", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("eligibility", "Ineligible")


class EntrantKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PARTICIPANT = "participant", _("Individual or team")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File")


class ReminderKind(models.TextChoices):
    SEVEN_DAYS = "7d", _("7 days before closing")
    ONE_DAY = "1d", _("1 day before closing")


class TeamMemberStatus(models.TextChoices):
    INVITED = "invited", pgettext_lazy("team member", "Invited")
    CONFIRMED = "confirmed", pgettext_lazy("team member", "Confirmed")
    DECLINED = "declined", pgettext_lazy("team member", "Declined")
