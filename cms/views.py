from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail import hooks

from cms.forms import ProfileForm


@login_required
def account_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user.display_name = form.cleaned_data["display_name"]
            user.preferred_language = form.cleaned_data["preferred_language"]
            user.save(update_fields=["display_name", "preferred_language"])
            messages.success(request, _("Your profile was saved."))
            return redirect("account_dashboard")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            }
        )
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    sections = []
    # Apps above cms (organisations, submissions, judging) add their own panels here.
    for fn in hooks.get_hooks("cms_account_sections"):
        section = fn(request)
        if section:
            sections.append(section)
    return render(
        request,
        "cms/account_dashboard.html",
        {"form": form, "has_totp": has_totp, "sections": sections},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database readiness for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)


#: Private URL prefixes inside ``i18n_patterns``: disallowed under every language's prefix.
ROBOTS_PRIVATE_PREFIXES = ["accounts/"]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    language_roots = [
        "/" if code == settings.LANGUAGE_CODE else f"/{code}/" for code, _name in settings.LANGUAGES
    ]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(
            f"Disallow: {root}{prefix}"
            for root in language_roots
            for prefix in ROBOTS_PRIVATE_PREFIXES
        ),
        f"Sitemap: {sitemap_url}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
