"""/desk/: the 接诉即办 office's case desk — the searchable list, saved filters and bulk reassignment.

Thin: the search is layers.selectors.desk (scoped by role like every case read), saved filters are
written by layers.services.desk_filters, and the bulk reassignment posts from the page's script to
/api/desk/assign/ (layers.services.case_assign). The case page and its printable sheet are
map_ui/desk_case.py. Words on the page are gettext msgids in Chinese.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from layers.models import Category, Complaint, Department, SishiType
from layers.selectors.desk import handlers, may_use_desk, saved_filters
from layers.selectors.desk_page import desk_page
from layers.selectors.desk_search import DeskSearch, parse_search, to_query
from layers.services.desk_filters import saved_filter_delete, saved_filter_save
from map_ui.account import user_summary


def require_desk(user) -> None:
    if not may_use_desk(user):
        raise PermissionDenied(_("案件台供街道领导、科室和社区使用"))


def inbox_link(user) -> dict | None:
    """The notifications inbox in the desk's header, with the unread count.

    Hook for the merge with the notifications work: return
    {"url": reverse("map_ui:inbox"), "unread": layers.selectors.notifications.unread_count(user)}.
    """
    return None


def desk_chrome(request) -> dict:
    """What every desk page's header needs (map_ui/desk/_header.html)."""
    return {
        "user_summary": user_summary(request.user),
        "inbox": inbox_link(request.user),
        # The 12345 sheet upload page belongs to the intake work (its URL is the contract).
        "import_url": get_script_prefix() + "desk/import/",
    }


def time_left(seconds: float | None) -> dict | None:
    """剩余/超期 in days and hours (minutes under an hour), with a class for the colour."""
    if seconds is None:
        return None
    late, left = seconds < 0, abs(int(seconds))
    days, hours, minutes = left // 86400, left % 86400 // 3600, left % 3600 // 60
    if days:
        amount = _("%(d)d天%(h)d小时") % {"d": days, "h": hours}
    elif hours:
        amount = _("%(h)d小时%(m)d分") % {"h": hours, "m": minutes}
    else:
        amount = _("%(m)d分钟") % {"m": minutes}
    if late:
        return {"text": _("超期 %(amount)s") % {"amount": amount}, "css": "overdue"}
    return {"text": _("剩余 %(amount)s") % {"amount": amount}, "css": "due-soon" if seconds < 86400 else "due"}


def _choices() -> dict:
    return {
        "statuses": Complaint.Status.choices,
        "sishi_types": SishiType.choices,
        "categories": list(Category.objects.order_by("code").values_list("code", "name")),
        "departments": list(Department.objects.order_by("code").values_list("code", "name")),
        "sorts": [
            ("received_desc", _("接诉时间（新→旧）")),
            ("received_asc", _("接诉时间（旧→新）")),
            ("due_asc", _("剩余时间（紧→松）")),
        ],
    }


def _pages(search: DeskSearch, page) -> list[dict]:
    """Links to the first, nearby and last pages (bounded offset: at most MAX_PAGES)."""
    numbers = sorted({1, page.pages, *range(max(1, page.page - 2), min(page.pages, page.page + 2) + 1)})
    return [{"number": n, "query": to_query(search.with_page(n)), "current": n == page.page} for n in numbers]


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _row(row) -> dict:
    """One result row as the table shows it, computed here: the template only places the values
    (a Django template's lookups and filters cost ~1 ms a row, a third of a page's time)."""
    c = row.complaint
    assignee = c.assignee
    names = [str(c.assigned_department or "")]
    if assignee is not None:
        names.append(getattr(getattr(assignee, "staff", None), "display_name", "") or assignee.get_username())
    received = timezone.localtime(c.received_at)
    return {
        "pk": c.pk,
        "ticket": str(c),
        "select": _("选择 %(no)s") % {"no": c},
        "overdue": row.overdue,
        "time_left": time_left(row.seconds_left),
        "status": c.get_status_display(),
        "description": _cut(c.description, 40),
        "address": _cut(c.address, 30) or "—",
        "phone": row.personal["complainant_phone"] or "—",
        "sishi": c.get_sishi_type_display(),
        "handler": " · ".join(n for n in names if n),
        "received": received.strftime("%Y-%m-%d %H:%M"),
        "received_iso": received.isoformat(),
    }


def _results(request, search: DeskSearch) -> dict:
    page = desk_page(request.user, search)
    rows = [_row(row) for row in page.rows]
    return {"page": page, "rows": rows, "pages": _pages(search, page), "query": to_query(search, page=False)}


@login_required
@require_GET
def desk_list(request):
    """The case list: the search in the query string, 50 rows a page."""
    require_desk(request.user)
    context = desk_chrome(request) | _choices()
    context |= {"nav": "list", "params": request.GET, "statuses_chosen": request.GET.getlist("status")}
    context |= {"handlers": handlers(), "saved": saved_filters(request.user)}
    try:
        search = parse_search(request.GET)
    except ValidationError as refused:
        context["errors"] = refused.message_dict
        return render(request, "map_ui/desk/list.html", context, status=400)
    context |= _results(request, search)
    context["config"] = {"assignUrl": reverse("desk-assign")}
    context["words"] = {
        "selected": _("已选 {n} 件"),
        "done": _("已改派 {n} 件。"),
        "failed": _("{n} 件未改派："),
        "choose": _("请先勾选要改派的诉求。"),
        "reload": _("刷新列表"),
        "network": _("网络错误，请稍后再试。"),
    }
    return render(request, "map_ui/desk/list.html", context)


@login_required
@require_POST
def desk_filter_save(request):
    require_desk(request.user)
    try:
        saved = saved_filter_save(owner=request.user, name=request.POST.get("name"), query=request.POST.get("query"))
    except ValidationError as refused:
        context = desk_chrome(request) | {"errors": refused.message_dict, "back": request.POST.get("query") or ""}
        return render(request, "map_ui/desk/filter_refused.html", context, status=400)
    return redirect(reverse("map_ui:desk") + (f"?{saved.query}" if saved.query else ""))


@login_required
@require_POST
def desk_filter_delete(request, pk: int):
    require_desk(request.user)
    saved_filter_delete(owner=request.user, pk=pk)
    return redirect("map_ui:desk")
