"""What a locked-out login sees (django-axes, settings AXES_*): the same login page, in Chinese first,
saying how long to wait, with status 429 and Retry-After. The admin's login gets its own page.

The page is the login form filled with the username tried and the lockout as its only error; it is
never validated, since validating would try the password again and extend the lockout.
"""

import math

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str:
    """The client's address as the API throttles see it (X-Forwarded-For from our nginx, or REMOTE_ADDR)."""
    return BaseThrottle().get_ident(request)


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    # Every failed try during a lockout starts the wait again (axes' default), so the full cool-off
    # is exactly how long this user must now wait.
    return gettext("登录失败次数过多，此账号在本地址已被暂时锁定。请 %(minutes)d 分钟后再试，或请管理员解锁。") % {
        "minutes": lockout_minutes()
    }


def _locked_form(form_class, request, username: str):
    form = form_class(request, data={"username": username})
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    return form


def lockout_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    redirect_to = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    if request.path.startswith(reverse("admin:index")):
        context = {
            **admin.site.each_context(request),
            "form": _locked_form(AdminAuthenticationForm, request, username),
            "app_path": request.get_full_path(),
            "username": username,
            REDIRECT_FIELD_NAME: redirect_to,
        }
        response = render(request, "admin/login.html", context, status=429)
    else:
        context = {"form": _locked_form(AuthenticationForm, request, username), "next": redirect_to}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
