"""Saved filters of the desk (layers/services/desk_filters.py): checked like a search, kept per user."""

import pytest
from django.core.exceptions import ValidationError

from layers.models import Role, SavedFilter
from layers.services import desk_filters
from layers.services.desk_filters import saved_filter_delete, saved_filter_save


@pytest.fixture
def two(make_user):
    return make_user(Role.LEADER, "wang"), make_user(Role.DEPARTMENT, "li")


def test_a_filter_is_kept_as_the_canonical_query_without_its_page(two):
    wang, _ = two
    query = "?page=4&overdue=1&status=received&status=dispatched"
    saved = saved_filter_save(owner=wang, name=" 我的超期 ", query=query)
    assert (saved.name, saved.query) == ("我的超期", "status=received&status=dispatched&overdue=1")


def test_the_same_name_replaces_and_names_are_per_user(two):
    wang, li = two
    first = saved_filter_save(owner=wang, name="甲", query="q=漏雨")
    assert saved_filter_save(owner=wang, name="甲", query="q=停车").pk == first.pk
    saved_filter_save(owner=li, name="甲", query="overdue=1")
    assert sorted(SavedFilter.objects.values_list("owner__username", "query")) == [
        ("li", "overdue=1"),
        ("wang", "q=%E5%81%9C%E8%BD%A6"),
    ]


@pytest.mark.parametrize(
    "name, query, field",
    [("", "q=漏雨", "name"), ("x" * 65, "", "name"), ("坏", "phone=12", "phone"), ("坏", "colour=red", "colour")],
)
def test_a_bad_filter_names_its_field_and_is_not_saved(two, name, query, field):
    with pytest.raises(ValidationError) as refused:
        saved_filter_save(owner=two[0], name=name, query=query)
    assert field in refused.value.message_dict
    assert not SavedFilter.objects.exists()


def test_a_user_keeps_at_most_the_limit(two, monkeypatch):
    monkeypatch.setattr(desk_filters, "MAX_PER_USER", 2)
    wang, _ = two
    saved_filter_save(owner=wang, name="一", query="")
    saved_filter_save(owner=wang, name="二", query="")
    with pytest.raises(ValidationError):
        saved_filter_save(owner=wang, name="三", query="")
    saved_filter_save(owner=wang, name="二", query="overdue=1")  # replacing is not adding


def test_only_the_owner_deletes(two):
    wang, li = two
    saved = saved_filter_save(owner=wang, name="甲", query="")
    assert saved_filter_delete(owner=li, pk=saved.pk) is False
    assert saved_filter_delete(owner=wang, pk=saved.pk) is True
    assert not SavedFilter.objects.exists()
