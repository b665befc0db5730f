from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.calls import categories, entrant_kind, youth_contest_opening_days
from submissions.enums import Eligibility, EntrantKind, MemberRole, QuestionKind
from submissions.models import CallQuestion, Organisation, Participant

DRAFT_FIELD_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "description": _("Description of the solution"),
    "approach": _("Approach and technology"),
    "expected_impact": _("Expected impact"),
    "implementation_plan": _("Implementation plan"),
    "team": _("Team"),
    "requested_amount": _("Requested amount (VND)"),
    "category_key": _("Category"),
}
RICH_TEXT_HELP = _(
    "Plain text is fine; blank lines start new paragraphs. Simple formatting is kept: "
    "paragraphs, lists, bold, italics and links."
)


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "tax_code",
            "address",
            "province",
            "sector",
            "size",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "tax_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }

    def clean_tax_code(self) -> str:
        return (self.cleaned_data.get("tax_code") or "").strip()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class TransferForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["full_name", "birth_date", "school", "guardian_name", "guardian_email"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "guardian_name": _("Required when you are under 18."),
            "guardian_email": _("We send your guardian a link to give consent."),
        }

    def clean_birth_date(self) -> date:
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date >= today or birth_date.year < today.year - 120:
            raise forms.ValidationError(_("Enter your real date of birth."))
        return birth_date

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_guardian_email(self) -> str:
        email = (self.cleaned_data.get("guardian_email") or "").strip()
        if email and self.user is not None and _is_own_address(self.user, email):
            raise forms.ValidationError(
                _("Enter your guardian's own e-mail address, not the one you sign in with.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if birth_date:
            message = self._guardian_needed(Participant(birth_date=birth_date))
            if message:
                for name in ("guardian_name", "guardian_email"):
                    if not cleaned.get(name) and name not in self.errors:
                        self.add_error(name, message)
        return cleaned

    @staticmethod
    def _guardian_needed(probe: Participant):
        """Why a guardian is required, or None. Age counts on a contest's opening day, so a
        person who turned 18 after a still-open youth contest opened needs one too."""
        if probe.is_minor_on(timezone.localdate()):
            return _("Required when you are under 18.")
        if any(probe.is_minor_on(day) for day in youth_contest_opening_days()):
            return _("Required: you were under 18 when a youth contest that is still open began.")
        return None


def _is_own_address(user, email: str) -> bool:
    folded = email.casefold()
    if (user.email or "").casefold() == folded:
        return True
    return user.emailaddress_set.filter(email__iexact=email).exists()


class NewSubmissionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Submit on behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def question_field_name(question: CallQuestion) -> str:
    return f"q_{question.key}"


def _rich_text_field(key: str, *, rows: int, max_length: int = 50_000) -> forms.CharField:
    """An optional rich-text draft field (cleaned by clean_html when saved)."""
    return forms.CharField(
        label=DRAFT_FIELD_LABELS[key],
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=RICH_TEXT_HELP,
    )


class SubmissionForm(forms.Form):
    """The draft form. Nothing is required here: a draft may be incomplete (submit checks)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=DRAFT_FIELD_LABELS["title"], max_length=200, required=False)
    summary = forms.CharField(
        label=DRAFT_FIELD_LABELS["summary"],
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 1,500 characters, shown to judges first."),
    )
    description = _rich_text_field("description", rows=8)
    approach = _rich_text_field("approach", rows=8)
    expected_impact = _rich_text_field("expected_impact", rows=6)
    implementation_plan = _rich_text_field("implementation_plan", rows=6)
    team = _rich_text_field("team", rows=4, max_length=20_000)

    def __init__(self, *args, call, questions: list[CallQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.questions = questions
        if entrant_kind(call) == EntrantKind.ORGANISATION and hasattr(call, "code"):
            self.fields["requested_amount"] = forms.IntegerField(
                label=DRAFT_FIELD_LABELS["requested_amount"],
                required=False,
                validators=[MinValueValidator(0), MaxValueValidator(call.budget_ceiling)],
                help_text=_("Whole đồng, not above the call's ceiling."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )
        call_categories = categories(call)
        if call_categories:
            self.fields["category_key"] = forms.ChoiceField(
                label=DRAFT_FIELD_LABELS["category_key"],
                required=False,
                choices=[("", _("Choose a category"))] + [(c.key, c.name) for c in call_categories],
            )
        for question in questions:
            if question.kind == QuestionKind.FILE:
                continue
            self.fields[question_field_name(question)] = _question_field(question)

    def draft_data(self) -> dict:
        """The valid fields only: invalid ones are kept in the form for the person to fix."""
        names = [n for n in DRAFT_FIELD_LABELS if n in self.fields]
        return {n: self.cleaned_data[n] for n in names if n in self.cleaned_data}

    def answers(self) -> dict:
        found = {}
        for question in self.questions:
            name = question_field_name(question)
            if name in self.cleaned_data:
                found[question.key] = self.cleaned_data[name]
        return found


def _question_field(question: CallQuestion) -> forms.Field:
    common = {
        "label": question.display_label,
        "required": False,
        "help_text": question.display_help_text,
    }
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(max_length=500, **common)
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}), **common
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=4, **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[("", "—")] + [(c, c) for c in question.choice_list], **common
        )
    return forms.ChoiceField(
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        **common,
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    question = forms.ModelChoiceField(
        label=_("For the question"),
        queryset=CallQuestion.objects.none(),
        required=False,
        empty_label=_("General attachment"),
    )

    def __init__(self, *args, call, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        file_questions = CallQuestion.objects.filter(call_id=call.pk, kind=QuestionKind.FILE)
        self.fields["question"].queryset = file_questions
        if not file_questions.exists():
            del self.fields["question"]


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Team member's e-mail"),
        help_text=_("They must have registered as a participant on this site."),
    )


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published with the answer, without your name."),
    )


class EligibilityForm(forms.Form):
    eligibility = forms.ChoiceField(label=_("Decision"), choices=Eligibility.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("eligibility") == Eligibility.INELIGIBLE
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason for an ineligible decision."))
        return cleaned


class ExtendDeadlineForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("New closing time (Asia/Ho_Chi_Minh)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
