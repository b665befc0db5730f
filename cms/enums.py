from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
