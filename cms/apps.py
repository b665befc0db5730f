from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"


class CmsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with forms for our e-mail-only user model."""

    user_viewset = "cms.viewsets.UserViewSet"
