"""The page editor's form for call pages."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

DEADLINE_LOCKED = _(
    "Submissions have opened, so the closing time can no longer be changed here. "
    "Use “Extend deadline” on the staff submissions screen: it is recorded in the audit log."
)


class CallPageForm(WagtailAdminPageForm):
    """Once a call has opened, its deadline moves only through the audited extension."""

    def clean(self):
        cleaned = super().clean()
        page = self.instance
        if page.pk is None or "closes_at" not in cleaned:
            return cleaned
        stored = type(page).objects.filter(pk=page.pk).values("opens_at", "closes_at").first()
        if stored is None or stored["opens_at"] > timezone.now():
            return cleaned
        if _to_minute(cleaned["closes_at"]) == _to_minute(stored["closes_at"]):
            # The editor shows minutes only: an untouched field keeps the stored time exactly.
            cleaned["closes_at"] = stored["closes_at"]
        else:
            self.add_error("closes_at", DEADLINE_LOCKED)
        return cleaned


def _to_minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment else None
