"""{% desk_link %}: the case desk in the header of every desktop page, for the roles that use it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from layers.selectors.desk import may_use_desk

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_link(context) -> str:
    request = context.get("request")
    if request is None or not may_use_desk(request.user):
        return ""
    return format_html('<a class="desk-link" href="{}">{}</a>', reverse("map_ui:desk"), _("案件台"))
