"""Error answers for people and for programs: 400, 403 (and CSRF failures), 404, 500 and 503.

A person gets a page in the chosen language (Chinese first, geo_gov/language.py) that says what
happened and what to do next: log in again, ask the administrator for a role, check the address,
call the office (settings.OFFICE_CONTACT). A program (any /api/ style path, or a client asking for
JSON) gets DRF's shape, {"detail": ...}, so a phone or a script never has to parse HTML.

503 is the database being unavailable (geo_gov/db_unavailable.py): Retry-After says when to try
again, and the body says it in both languages at once, because the phone's outbox and scripts
send no language cookie. Nothing of the exception reaches any of these answers.
"""

import logging
import sys

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_gov.db_unavailable import database_unavailable, discard_broken_connections

logger = logging.getLogger(__name__)

# Paths whose clients are programs: they get JSON whatever they accept.
JSON_PREFIXES = ("/api/", "/open311/", "/ogcapi/", "/tiles/", "/m/api/", "/healthz")

UNAVAILABLE_DETAIL = "数据库暂时不可用，请稍后重试 (the database is unavailable for a moment: retry later)"


def wants_json(request) -> bool:
    if request.path_info.startswith(JSON_PREFIXES):
        return True
    accept = request.headers.get("Accept", "")
    return "json" in accept and "text/html" not in accept


def _contact() -> str:
    if settings.OFFICE_CONTACT:
        return _("请联系%(contact)s。") % {"contact": settings.OFFICE_CONTACT}
    return _("请联系街道接诉即办办公室或系统管理员。")


def _reason(exception) -> str:
    """The message our own code gave a PermissionDenied or Http404 ("规划页面仅限…"), if any. Not the
    resolver's (a dict of the patterns tried) nor get_object_or_404's English "No X matches …"."""
    message = exception.args[0] if exception is not None and exception.args else None
    if not isinstance(message, str) or message.startswith("No ") and message.endswith("matches the given query."):
        return ""
    return message


def _answer(request, status: int, title: str, what: str, steps: list[str], *, switch=True, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": what}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {
        "status": status,
        "title": title,
        "what": what,
        "reason": _reason(exception),
        "steps": steps,
        "contact": _contact(),
        "home_url": reverse("map_ui:map"),
        "login_url": settings.LOGIN_URL,
        # The 中文/EN switch posts a form (CSRF token from the request); left out of the 500 page,
        # which renders nothing that could fail again.
        "switch": switch,
    }
    return render(request, "errors/error.html", context, status=status)


def bad_request(request, exception=None):
    return _answer(
        request,
        400,
        _("请求有误"),
        _("服务器无法理解这个请求：网址可能不完整，或提交的内容格式不对。"),
        [_("检查地址栏中的网址是否完整。"), _("返回上一页，检查填写的内容后重新提交。")],
    )


def _role(request) -> str | None:
    profile = getattr(getattr(request, "user", None), "staff", None)
    return profile.get_role_display() if profile is not None else None


def permission_denied(request, exception=None):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        what = _("您尚未登录，或登录已过期。")
        steps = [_("请重新登录后再打开此页面。")]
    else:
        role = _role(request)
        what = (
            _("您的账号（角色：%(role)s）无权打开此页面或执行此操作。") % {"role": role}
            if role
            else _("您的账号尚未分配角色，无权打开此页面或执行此操作。")
        )
        steps = [
            _("如果您的工作需要此功能，请系统管理员为您的账号分配相应的角色。"),
            _("如果您刚换过账号或角色，请退出后重新登录。"),
        ]
    return _answer(request, 403, _("没有权限"), what, steps, exception=exception)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent from a page opened long ago, or after logging out."""
    return _answer(
        request,
        403,
        _("页面已过期"),
        _("表单的安全校验没有通过：页面打开太久，或期间退出、切换过登录。"),
        [_("返回上一页，刷新后重新提交。"), _("如果仍然不行，请重新登录。")],
    )


def page_not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        what = _("没有这个接口地址：%(path)s。全部接口见 /api/。") % {"path": request.path_info}
    else:
        what = _("没有这个网址：%(path)s。") % {"path": request.path_info}
    steps = [_("检查网址是否输入正确，或是否来自过期的链接。"), _("从首页重新进入。")]
    return _answer(request, 404, _("找不到页面"), what, steps, exception=exception)


def server_error(request):
    """handler500, also for exceptions raised outside any view (a middleware, the session): those
    never reach DatabaseUnavailableMiddleware, so the database check is made here too."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return _answer(
        request,
        500,
        _("服务器出错"),
        _("服务器处理这个请求时出错，错误已记入日志。"),
        [_("请稍后再试一次。"), _("如果问题反复出现，请记下出错时间和网址。")],
        switch=False,
    )


def service_unavailable(request):
    """503 with Retry-After, after closing the connection the failure broke."""
    discard_broken_connections()
    retry_after = settings.DATABASE_RETRY_AFTER_SECONDS
    if wants_json(request):
        response = JsonResponse(
            {"detail": UNAVAILABLE_DETAIL, "retry_after": retry_after},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(request, "errors/unavailable.html", {"retry_after": retry_after}, status=503)
    response["Retry-After"] = str(retry_after)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database failure raised by a view (DRF re-raises what it does not handle) or while
    rendering its answer into service_unavailable(), also with DEBUG on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning("database unavailable during %s %s: %r", request.method, request.path, exception)
        return service_unavailable(request)
