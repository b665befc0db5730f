from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere; Wagtail's staff-only admin gets its relaxed one."""

    admin_prefixes = ("/admin/", "/django-admin/")

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(self.admin_prefixes)
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts


PRIVATE = "private, max-age=0, must-revalidate"


def cache_policy(
    *,
    method: str,
    status: int,
    signed_in: bool,
    sets_cookies: bool,
    uses_csrf: bool,
    already_set: bool,
    max_age: int,
) -> str | None:
    """The Cache-Control value for a response, or None to leave it as the view made it.

    Anything personal (a signed-in user, a cookie being set, a CSRF token in a form) is private, so
    a shared cache never hands one visitor's page to another. Anonymous GETs that succeed are public.
    """
    if method not in ("GET", "HEAD") or already_set:
        return None
    if signed_in or sets_cookies or uses_csrf:
        return PRIVATE
    if status == 200:
        return f"public, max-age={max_age}"
    return None


class CacheControlMiddleware:
    """Cache-Control for every response. Sits above the session, CSRF, auth and messages
    middleware so it sees the cookies they set on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        value = cache_policy(
            method=request.method,
            status=response.status_code,
            signed_in=bool(user is not None and user.is_authenticated),
            sets_cookies=bool(response.cookies),
            uses_csrf=bool(
                request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED")
            ),
            already_set=response.has_header("Cache-Control"),
            max_age=getattr(settings, "PUBLIC_CACHE_MAX_AGE", 300),
        )
        if value is not None:
            response["Cache-Control"] = value
            if value.startswith("public"):
                patch_vary_headers(response, ("Cookie",))
        return response
