from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    TOURISM = "tourism", _("Tourism and heritage")
    ENVIRONMENT = "environment", _("Environment and the bay")
    MINING_ENERGY = "mining_energy", _("Mining and energy")
    PORTS_LOGISTICS = "ports_logistics", _("Seaports and logistics")
    TRADE = "trade", _("Border trade")
    AQUACULTURE = "aquaculture", _("Aquaculture and fisheries")
    DISASTER_RESILIENCE = "disaster_resilience", _("Disasters and climate")
    INDUSTRY = "industry", _("Industrial parks")
    DIGITAL_GOVERNMENT = "digital_government", _("Digital government")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    TRANSPORT = "transport", _("Urban transport")


class CallStatusChoice(models.TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("call status", "Upcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSING_SOON = "closing_soon", pgettext_lazy("call status", "Closing soon")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")
    JUDGING = "judging", pgettext_lazy("call status", "Judging")
    RESULTS = "results", pgettext_lazy("call status", "Results published")
