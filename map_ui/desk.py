"""/desk/: the 接诉即办 office's case desk — the searchable list, saved filters and bulk reassignment.

Thin: the search is layers.selectors.desk (the cases the user may read, Complaint.objects.visible_to;
text as the user may read it), saved filters are written by layers.services.desk_filters, and the
bulk reassignment posts from the page's script to /api/desk/assign/ (layers.services.case_assign).
The case page and its printable sheet are map_ui/desk_case.py. Words on the page are gettext msgids
in Chinese; the script's are in the djangojs catalogue.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from layers.i18n import localized
from layers.models import Category, Complaint, Department, SishiType
from layers.selectors.desk import handlers, saved_filters
from layers.selectors.desk_page import desk_page
from layers.selectors.desk_search import DeskSearch, parse_search, to_query
from layers.services.desk_filters import saved_filter_delete, saved_filter_save
from map_ui.desk_chrome import desk_chrome, require_desk, time_left

_NAMES = ("code", "name", "name_en")


def _choices() -> dict:
    return {
        "statuses": Complaint.Status.choices,
        "sishi_types": SishiType.choices,
        "categories": [(c, localized(n, en)) for c, n, en in Category.objects.order_by("code").values_list(*_NAMES)],
        "departments": [(c, localized(n, en)) for c, n, en in Department.objects.order_by("code").values_list(*_NAMES)],
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
    (a Django template's lookups and filters cost ~1 ms a row, a third of a page's time). The text
    is the row's as the user may read it (masked before it is cut, so no cut hides a number's end)."""
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
        "review": c.needs_review,
        "description": _cut(row.description, 40),
        "address": _cut(row.address, 30) or "—",
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
    nav = "review" if request.GET.get("review") == "1" and len(request.GET) == 1 else "list"
    context = desk_chrome(request, nav) | _choices()
    context |= {"params": request.GET, "statuses_chosen": request.GET.getlist("status")}
    context |= {"handlers": handlers(), "saved": saved_filters(request.user)}
    try:
        search = parse_search(request.GET)
    except ValidationError as refused:
        context["errors"] = refused.message_dict
        return render(request, "map_ui/desk/list.html", context, status=400)
    context |= _results(request, search)
    context["config"] = {"assignUrl": reverse("desk-assign")}
    return render(request, "map_ui/desk/list.html", context)


@login_required
@require_POST
def desk_filter_save(request):
    """常用筛选: the page's current search (its canonical query) under a name; a bad name or query
    answers 400 naming the field, and nothing is saved."""
    require_desk(request.user)
    query = request.POST.get("query") or ""
    try:
        search = parse_search(QueryDict(query.lstrip("?")))
        saved = saved_filter_save(owner=request.user, name=request.POST.get("name"), search=search)
    except ValidationError as refused:
        context = desk_chrome(request) | {"errors": refused.message_dict, "back": query}
        return render(request, "map_ui/desk/filter_refused.html", context, status=400)
    return redirect(reverse("map_ui:desk") + (f"?{saved.query}" if saved.query else ""))


@login_required
@require_POST
def desk_filter_delete(request, pk: int):
    require_desk(request.user)
    saved_filter_delete(owner=request.user, pk=pk)
    return redirect("map_ui:desk")
