from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Extract the project's strings into cms/locale (needs GNU gettext; developers only)."

    def handle(self, *args, **options) -> None:
        call_command(
            "makemessages",
            locale=["vi"],
            ignore_patterns=[".venv/*", "var/*", "tests/*", "bench/*", "*/demo_data.py", "docs/*"],
            no_obsolete=True,
            verbosity=1,
        )
        call_command(
            "makemessages",
            locale=["vi"],
            domain="djangojs",
            ignore_patterns=[".venv/*", "var/*", "tests/*", "bench/*", "*/static/cms/vendor/*"],
            no_obsolete=True,
            verbosity=1,
        )
        self.stdout.write(f"Catalogues under {settings.LOCALE_PATHS[0]} updated.")
