from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from judging.actions import ScoreInput
from judging.models import Criterion, Rubric, SponsorContribution
from submissions.sanitize import clean_text


def format_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def parse_score(raw: str, criterion: Criterion) -> Decimal | None:
    """A score in [0, maximum] on the criterion's step; a comma works as the decimal mark."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(_("Enter a number, such as 7 or 7.5."), code="invalid")
    if value < 0 or value > criterion.maximum:
        raise ValidationError(
            _("Enter a score from 0 to %(maximum)s."),
            code="range",
            params={"maximum": format_decimal(criterion.maximum)},
        )
    if value % criterion.step != 0:
        raise ValidationError(
            _("Scores go in steps of %(step)s (for example %(example)s)."),
            code="step",
            params={
                "step": format_decimal(criterion.step),
                "example": format_decimal(min(criterion.maximum, criterion.step * 3)),
            },
        )
    return value


class ScoreField(forms.CharField):
    def __init__(self, criterion: Criterion, **kwargs) -> None:
        self.criterion = criterion
        super().__init__(
            required=False,
            max_length=12,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "score-input"}
            ),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        return parse_score(value, self.criterion)


class ReviewForm(forms.Form):
    """One score and comment per criterion, plus an overall comment."""

    overall_comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, rubric: Rubric, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.criteria = list(rubric.criteria.all())
        for criterion in self.criteria:
            self.fields[f"score-{criterion.key}"] = ScoreField(
                criterion,
                label=_("Score (0–%(maximum)s)") % {"maximum": format_decimal(criterion.maximum)},
            )
            self.fields[f"comment-{criterion.key}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"score-{criterion.key}"], self[f"comment-{criterion.key}"]

    def score_input(self) -> ScoreInput:
        data = self.cleaned_data
        return ScoreInput(
            scores={c.key: data.get(f"score-{c.key}") for c in self.criteria},
            comments={c.key: data.get(f"comment-{c.key}", "") for c in self.criteria},
            overall_comment=data.get("overall_comment", ""),
        )

    @staticmethod
    def initial_for(review) -> dict:
        if review is None:
            return {}
        initial = {"overall_comment": review.overall_comment}
        for score in review.scores.select_related("criterion"):
            key = score.criterion.key
            initial[f"score-{key}"] = format_decimal(score.score) if score.score is not None else ""
            initial[f"comment-{key}"] = score.comment
        return initial


class DeclarationForm(forms.Form):
    """A checkbox and a reason per participating organisation (names only)."""

    def __init__(self, organisations, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.fields[f"conflict-{organisation.pk}"] = forms.BooleanField(
                label=organisation.name, required=False
            )
            self.fields[f"reason-{organisation.pk}"] = forms.CharField(
                label=_("Reason"), required=False, max_length=1000
            )

    def rows(self):
        for organisation in self.organisations:
            yield (
                organisation,
                self[f"conflict-{organisation.pk}"],
                self[f"reason-{organisation.pk}"],
            )

    def clean(self):
        data = super().clean()
        for organisation in self.organisations:
            if (
                data.get(f"conflict-{organisation.pk}")
                and not (data.get(f"reason-{organisation.pk}") or "").strip()
            ):
                self.add_error(f"reason-{organisation.pk}", _("Say briefly why."))
        return data

    def declared(self):
        return [
            (o, self.cleaned_data[f"reason-{o.pk}"].strip())
            for o in self.organisations
            if self.cleaned_data.get(f"conflict-{o.pk}")
        ]


class ConsensusNoteForm(forms.Form):
    text = forms.CharField(label=_("Consensus note"), max_length=5000, widget=forms.Textarea)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=1000, required=False)


class AdvanceForm(forms.Form):
    top_n = forms.IntegerField(label=_("Top N entries"), min_value=1, required=False)
    min_score = forms.DecimalField(
        label=_("Or every entry scoring at least"), required=False, decimal_places=4
    )
    due_at = forms.DateTimeField(label=_("Final round due (if new)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("top_n") is None and data.get("min_score") is None:
            raise ValidationError(_("Give a number of entries or a minimum score."))
        if data.get("top_n") is not None and data.get("min_score") is not None:
            raise ValidationError(_("Give a number of entries or a minimum score, not both."))
        return data


class AssignmentAddForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None)
    submission = forms.ModelChoiceField(label=_("Entry"), queryset=None)

    def __init__(self, round, *args, **kwargs) -> None:
        from cms.models import User
        from judging import reads

        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = User.objects.filter(
            panel_memberships__panel=round.panel
        ).order_by("email")
        self.fields["submission"].queryset = reads.round_submissions(round)


class JudgeProfileForm(forms.Form):
    expertise = forms.MultipleChoiceField(
        label=_("Your fields of expertise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email_domains = forms.CharField(
        label=_("Other e-mail domains you belong to"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. humg.edu.vn. Your sign-in address counts already."),
    )

    def __init__(self, *args, **kwargs) -> None:
        from challenges.enums import Sector

        super().__init__(*args, **kwargs)
        self.fields["expertise"].choices = Sector.choices

    def clean_email_domains(self) -> list[str]:
        raw = self.cleaned_data.get("email_domains") or ""
        domains = [d.strip().lower().lstrip("@") for d in raw.split(",") if d.strip()]
        for domain in domains:
            if "." not in domain or " " in domain:
                raise ValidationError(_("“%(domain)s” is not a domain."), params={"domain": domain})
        return domains


class AffiliationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    tax_code = forms.CharField(label=_("Tax code"), max_length=14, required=False)
    until = forms.DateField(
        label=_("Until (empty if current)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if (data.get("tax_code") or data.get("until")) and not data.get("organisation_name"):
            self.add_error("organisation_name", _("Name the organisation."))
        return data


AffiliationFormSet = forms.formset_factory(AffiliationForm, extra=2, max_num=20)


# --- sponsor prizes ---------------------------------------------------------------------------------


class VndAmountField(forms.IntegerField):
    """Whole đồng; the thousands separators people type (``5.000.000``, ``5 000 000``) are fine."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch not in " .,_\u00a0")
        return super().to_python(value)


class SponsorForm(forms.ModelForm):
    """A sponsor prize: which policy it joins, its title, amount and public credit. The amount
    rules (minimum, maximum, the policy's rounding unit) are the model's ``clean``."""

    class Meta:
        model = SponsorContribution
        fields = ["policy", "prize_title", "amount", "sponsor_name", "message"]
        field_classes = {"amount": VndAmountField}
        labels = {"policy": _("Prize fund")}
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        policy = self.fields["policy"]
        policy.queryset = policies
        policy.empty_label = None
        policy.label_from_instance = lambda p: (
            f"{p.localised_name} ({p.call.title})" if p.call else p.localised_name
        )
        amount = self.fields["amount"]
        amount.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        amount.help_text = _(
            "Whole đồng, at least %(minimum)s VND and a multiple of the prize fund's rounding "
            "unit. It counts once Stripe confirms the payment."
        ) % {"minimum": f"{SponsorContribution.MIN_AMOUNT:,}".replace(",", ".")}

    def clean_prize_title(self) -> str:
        title = clean_text(self.cleaned_data["prize_title"], multiline=False)
        if not title:
            raise ValidationError(_("Give the prize a title."), code="required")
        return title

    def clean_sponsor_name(self) -> str:
        return clean_text(self.cleaned_data.get("sponsor_name") or "", multiline=False)

    def clean_message(self) -> str:
        return clean_text(self.cleaned_data.get("message") or "")
