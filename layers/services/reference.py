"""Reference data every intake reads, cached per process: categories and the 12345 category
mapping table, the active 四事四办 rules and the holiday calendar.

Why: they change a few times a year (in the admin) but every case reads them, three to five round
trips per intake before this cache. They are loaded together, in five queries, when first needed
and again after any change.

When a change is seen:
- in the process that made it, at once: saving or deleting a Category, CategoryMapping, Department,
  SishiRule (or its departments) or Holiday clears the cache (signals below). Until the writing transaction ends,
  that connection reads its own snapshot (reloaded after each change): it sees its own uncommitted
  change, and a rollback leaves nothing stale behind in the shared cache.
- in every other process (gunicorn workers, the import command), within CHECK_SECONDS: a trigger
  on each table (migrations 0010 and 0014) bumps layers_reference_version in the writing transaction, for
  any write by any means (admin, QuerySet.update, raw SQL, TRUNCATE); each process compares it with
  the version its cache was filled at, at most once per CHECK_SECONDS (one tiny query).
- a flush of the database (tests, `manage.py flush`) sends post_migrate, which clears it at once.
"""

import threading
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from layers.models import Category, CategoryMapping, Department, Holiday, SishiRule

CHECK_SECONDS = 1.0
_VERSION_SQL = "SELECT version FROM layers_reference_version WHERE id = 1"


@dataclass(frozen=True)
class Reference:
    """One consistent snapshot: categories by code and by id (with their department), the 12345 names
    of the mapping table (name → category), the active rules in priority order (departments
    prefetched), holidays and 调休 make-up workdays."""

    categories: dict[str, Category]
    categories_by_id: dict[int, Category]
    mappings: dict[str, Category]
    rules: list[SishiRule]
    holidays: frozenset
    workdays: frozenset


class _Cache:
    def __init__(self):
        self.reference: Reference | None = None
        self.version = None
        self.checked = 0.0
        self.lock = threading.Lock()


_cache = _Cache()
# The outermost atomic block (per thread: connections are per thread) in which this process
# changed reference data; while it is open, reads bypass the shared cache and use a snapshot of
# that transaction's own view (reloaded after each change it makes).
_writing = threading.local()


def _load() -> Reference:
    categories = {c.code: c for c in Category.objects.select_related("department")}
    by_id = {c.pk: c for c in categories.values()}
    mappings = {name: by_id[pk] for name, pk in CategoryMapping.objects.values_list("name", "category_id")}
    rules = list(SishiRule.objects.filter(active=True).prefetch_related("departments").order_by("priority", "id"))
    days = list(Holiday.objects.values_list("date", "is_workday"))
    return Reference(
        categories=categories,
        categories_by_id=by_id,
        mappings=mappings,
        rules=rules,
        holidays=frozenset(day for day, workday in days if not workday),
        workdays=frozenset(day for day, workday in days if workday),
    )


def _version():
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        return cursor.fetchone()[0]


def _in_writing_transaction() -> bool:
    block = getattr(_writing, "block", None)
    if block is None:
        return False
    if connection.atomic_blocks and connection.atomic_blocks[0] is block:
        return True
    _writing.block = _writing.reference = None
    return False


def current() -> Reference:
    """The reference data as the next intake must see it (see the module docstring)."""
    if _in_writing_transaction():
        # A snapshot of this transaction's own view, loaded again after each change it makes.
        if _writing.reference is None:
            _writing.reference = _load()
        return _writing.reference
    now = time.monotonic()
    with _cache.lock:
        if _cache.reference is not None and now - _cache.checked < CHECK_SECONDS:
            return _cache.reference
        # The version is read before the data: a change committed in between is loaded now
        # and loaded again at the next check, never missed.
        version = _version()
        if _cache.reference is None or version != _cache.version:
            _cache.reference, _cache.version = _load(), version
        _cache.checked = now
        return _cache.reference


def clear() -> None:
    """Forget the cached snapshot in this process; the next read loads a fresh one."""
    with _cache.lock:
        _cache.reference = None


def category(code) -> Category | None:
    """The category with this code, or None."""
    return current().categories.get(code) if isinstance(code, str) else None


def category_by_id(pk) -> Category | None:
    """The category with this id, or None: what a stored case's answer needs, without a query."""
    return current().categories_by_id.get(pk)


def _changed(sender, using=None, **kwargs) -> None:
    clear()
    _writing.reference = None
    if connection.in_atomic_block:
        _writing.block = connection.atomic_blocks[0]
    # Cleared again once the change is committed, in case this thread read the old data meanwhile
    # through another connection; runs at once outside a transaction, never after a rollback.
    transaction.on_commit(clear, using=using)


_WATCHED = (Category, CategoryMapping, Department, SishiRule, Holiday)
for _model in _WATCHED:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"reference-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"reference-delete-{_model.__name__}")
m2m_changed.connect(_changed, sender=SishiRule.departments.through, dispatch_uid="reference-rule-departments")


@receiver(post_migrate, dispatch_uid="reference-after-migrate")
def _after_migrate(**kwargs) -> None:
    clear()
