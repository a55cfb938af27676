"""{% header_links %}: the case desk (for the roles that use it) and the inbox with its unread count
(for every staff member), in the shared header of every desktop page (map_ui/_header_tools.html)."""

from django import template
from django.template.loader import render_to_string

from layers.permissions import has_role, may_use_desk
from layers.selectors.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def header_links(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    links = {
        "desk": may_use_desk(user),
        # Anyone with a role gets notifications (assignments, deadlines, 督办, summonses, reviews).
        "inbox": has_role(user),
    }
    links["unread"] = unread_count(user) if links["inbox"] else 0
    return render_to_string("map_ui/_header_links.html", links, request=request)
