from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from cms.demo_support import new_context


class Command(BaseCommand):
    help = (
        "Load the demo content (13 problems, both contests, demo accounts …) in Vietnamese and "
        "English. Idempotent: what exists is left as it is."
    )

    def handle(self, *args, **options) -> None:
        context = new_context(self.stdout.write)
        # Translations get their own slugs right after copying; that is not a move, so no
        # redirects should be recorded for it.
        with override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False), transaction.atomic():
            # Each app may ship ``<app>/demo.py`` with ``seed(context)``; they run in
            # INSTALLED_APPS order, so an app's seeder can rely on the apps below it.
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if not app_config.path.startswith(str(settings.BASE_DIR)):
                    continue
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(context)
        created = ", ".join(f"{n} {what}" for what, n in sorted(context.created.items()))
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created or 'nothing new'})."))
        if context.logins:
            self.stdout.write("Demo logins (e-mail / password):")
            for role, email, password in context.logins:
                self.stdout.write(f"  {role:<16} {email:<42} {password}")
