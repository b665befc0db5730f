from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.enums import Language


class SignupProfileForm(forms.Form):
    """Extra fields allauth's sign-up form asks for (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to your organisation's members, never to judges."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_("Used for e-mails we send you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            current = (get_language() or Language.VI)[:2]
            self.fields["preferred_language"].initial = (
                current if current in Language.values else Language.VI
            )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.Form):
    display_name = SignupProfileForm.base_fields["display_name"]
    preferred_language = SignupProfileForm.base_fields["preferred_language"]
    clean_display_name = SignupProfileForm.clean_display_name
