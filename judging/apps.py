from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging and awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from judging.awards import prizes_changed
        from judging.models import AwardPolicy, PolicyTier

        for model in (AwardPolicy, PolicyTier):
            post_save.connect(prizes_changed, sender=model, dispatch_uid=f"prizes-save-{model}")
            post_delete.connect(prizes_changed, sender=model, dispatch_uid=f"prizes-del-{model}")
        m2m_changed.connect(
            prizes_changed, sender=AwardPolicy.pool_calls.through, dispatch_uid="prizes-pool"
        )
