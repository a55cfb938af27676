"""/inbox/: my notifications (站内通知), newest first, with links to the cases; mark read.

Thin: the inbox is read through layers.selectors.notifications, shown by layers.notify.texts and
marked through layers.services.notifications, the same as /api/notifications/.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from layers.notify.texts import notification_data
from layers.selectors.notifications import inbox, unread_count
from layers.services.notifications import notifications_mark_all_read, notifications_mark_read

PAGE_SIZE = 50


@login_required
@require_GET
def inbox_page(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(inbox(request.user, unread_only), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": [{**notification_data(n), "created": n.created_at} for n in page],
        "unread": unread_count(request.user),
        "unread_only": unread_only,
    }
    return render(request, "map_ui/inbox.html", context)


def _back(request):
    # Back to the list the user was on (same filter and page): a query string after our own path.
    query = request.POST.get("back", "")
    return redirect(reverse("map_ui:inbox") + (f"?{query}" if query else ""))


@login_required
@require_POST
def inbox_read(request, pk: int):
    notifications_mark_read(user=request.user, ids=[pk])
    return _back(request)


@login_required
@require_POST
def inbox_read_all(request):
    notifications_mark_all_read(user=request.user)
    return _back(request)


urlpatterns = [
    path("", inbox_page, name="inbox"),
    path("<int:pk>/read/", inbox_read, name="inbox-read"),
    path("read-all/", inbox_read_all, name="inbox-read-all"),
]
