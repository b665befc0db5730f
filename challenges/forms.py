from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from challenges.enums import Sector
from challenges.listing import SortOrder, StatusFilter

STATUS_CHOICES = [
    ("", _("Any status")),
    (StatusFilter.OPEN.value, pgettext_lazy("status filter", "Open for submissions")),
    (StatusFilter.UPCOMING.value, pgettext_lazy("status filter", "Opening later")),
    (StatusFilter.CLOSED.value, pgettext_lazy("status filter", "Closed or being judged")),
    (StatusFilter.RESULTS.value, pgettext_lazy("status filter", "Results published")),
]
SORT_CHOICES = [
    (SortOrder.CODE.value, _("Problem code")),
    (SortOrder.DEADLINE.value, _("Deadline, soonest first")),
]


class ProblemFilterForm(forms.Form):
    """The problems index's filters: sent by GET, so the result list has a shareable URL."""

    hide_optional_marks = True  # every filter is optional; saying so on each is noise

    q = forms.CharField(
        label=_("Search the problems"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def filters(self) -> dict:
        """The cleaned filters, or no filter at all when the input is not valid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "sector": data.get("sector") or "",
            "status": StatusFilter(data["status"]) if data.get("status") else None,
            "sort": SortOrder(data["sort"]) if data.get("sort") else SortOrder.CODE,
        }

    @property
    def is_filtered(self) -> bool:
        f = self.filters()
        return bool(f["q"] or f["sector"] or f["status"])


class SiteSearchForm(forms.Form):
    hide_optional_marks = True
    q = forms.CharField(
        label=_("Search problems, contests and news"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
