"""Saved filters of the desk (layers/services/desk_filters.py): a parsed search under a name, per user.
A bad query string is refused by the page that parses it (tests/map_ui/test_desk_pages.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from layers.models import Role, SavedFilter
from layers.selectors.desk_search import parse_search
from layers.services import desk_filters
from layers.services.desk_filters import saved_filter_delete, saved_filter_save


def search(query: str):
    return parse_search(QueryDict(query.lstrip("?")))


@pytest.fixture
def two(make_user):
    return make_user(Role.LEADER, "wang"), make_user(Role.DEPARTMENT, "li")


def test_a_filter_is_kept_as_the_canonical_query_without_its_page(two):
    wang, _ = two
    query = "?page=4&overdue=1&status=received&status=dispatched"
    saved = saved_filter_save(owner=wang, name=" 我的超期 ", search=search(query))
    assert (saved.name, saved.query) == ("我的超期", "status=received&status=dispatched&overdue=1")


def test_the_same_name_replaces_and_names_are_per_user(two):
    wang, li = two
    first = saved_filter_save(owner=wang, name="甲", search=search("q=漏雨"))
    assert saved_filter_save(owner=wang, name="甲", search=search("q=停车")).pk == first.pk
    saved_filter_save(owner=li, name="甲", search=search("overdue=1"))
    assert sorted(SavedFilter.objects.values_list("owner__username", "query")) == [
        ("li", "overdue=1"),
        ("wang", "q=%E5%81%9C%E8%BD%A6"),
    ]


@pytest.mark.parametrize("name", ["", "  ", "x" * 65, "a\x00b"])
def test_a_bad_name_is_refused_and_nothing_saved(two, name):
    with pytest.raises(ValidationError) as refused:
        saved_filter_save(owner=two[0], name=name, search=search("q=漏雨"))
    assert "name" in refused.value.message_dict
    assert not SavedFilter.objects.exists()


def test_a_user_keeps_at_most_the_limit(two, monkeypatch):
    monkeypatch.setattr(desk_filters, "MAX_PER_USER", 2)
    wang, _ = two
    saved_filter_save(owner=wang, name="一", search=search(""))
    saved_filter_save(owner=wang, name="二", search=search(""))
    with pytest.raises(ValidationError):
        saved_filter_save(owner=wang, name="三", search=search(""))
    saved_filter_save(owner=wang, name="二", search=search("overdue=1"))  # replacing is not adding


def test_only_the_owner_deletes(two):
    wang, li = two
    saved = saved_filter_save(owner=wang, name="甲", search=search(""))
    assert saved_filter_delete(owner=li, pk=saved.pk) is False
    assert saved_filter_delete(owner=wang, pk=saved.pk) is True
    assert not SavedFilter.objects.exists()
