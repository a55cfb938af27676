"""Saved filters of the office case desk (常用筛选): the one write path for SavedFilter.

A filter keeps a desk search as its canonical query string (DeskSearch.query, without the page), so
applying it is opening /desk/?<query>. The search comes here already parsed and checked (the page
parses the query string it posts with layers.selectors.desk_search.parse_search, as it parses a
search, and names each bad parameter): this module checks the name and the number of filters.
Saving under a name the user already has replaces that filter (the same name means the same list).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from layers.models import SavedFilter

MAX_PER_USER = 50


def saved_filter_save(*, owner, name: str, search) -> SavedFilter:
    """Save (or replace) owner's filter `name` for `search` (a DeskSearch); ValidationError naming
    the field, nothing written."""
    name = (name or "").strip()
    if not name or len(name) > 64 or "\x00" in name:
        raise ValidationError({"name": _("名称应为 1 至 64 个字")})
    query = search.query(page=False)
    existing = SavedFilter.objects.filter(owner=owner, name=name).first()
    if existing is None and SavedFilter.objects.filter(owner=owner).count() >= MAX_PER_USER:
        raise ValidationError({"name": _("最多保存 %(n)d 个常用筛选，请先删除不用的") % {"n": MAX_PER_USER}})
    saved, _created = SavedFilter.objects.update_or_create(owner=owner, name=name, defaults={"query": query})
    return saved


def saved_filter_delete(*, owner, pk: int) -> bool:
    """Delete owner's filter pk; False when owner has no such filter (another user's is not theirs)."""
    deleted, _counts = SavedFilter.objects.filter(owner=owner, pk=pk).delete()
    return deleted > 0
