from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cms.models import User

_FIELDS = {"email", "display_name", "preferred_language", "is_superuser", "groups"}


class StaffUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = _FIELDS


class StaffUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Display name"), max_length=150)

    class Meta(UserEditForm.Meta):
        model = User
        fields = _FIELDS | {"is_active"}


class UserViewSet(WagtailUserViewSet):
    create_template_name = "cms/admin/user_create.html"
    edit_template_name = "cms/admin/user_edit.html"

    def get_form_class(self, for_update: bool = False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
