"""The gate in front of every judging page: signed in, a judge or staff, and TOTP turned on."""

from __future__ import annotations

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def require_totp(view):
    """Send a signed-in user without TOTP to allauth's activation page, with a message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not has_totp(request.user):
            messages.warning(
                request,
                _(
                    "Judging pages need two-factor authentication. Turn it on with an "
                    "authenticator app, then come back."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def judging_view(view):
    """Anonymous → sign in; not a judge or staff → 404; no TOTP → set it up first."""
    gated = require_totp(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("judging.use_judging"):
            raise Http404
        return gated(request, *args, **kwargs)

    return wrapper
