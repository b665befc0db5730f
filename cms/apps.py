from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from cms.cache import purge_related

        page_published.connect(purge_related, dispatch_uid="cms_purge_related_published")
        page_unpublished.connect(purge_related, dispatch_uid="cms_purge_related_unpublished")


class CmsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with forms for our e-mail-only user model."""

    user_viewset = "cms.viewsets.UserViewSet"
