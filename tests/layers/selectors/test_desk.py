"""The desk's search (layers/selectors/desk.py): each filter, role scoping, phones and masked text,
the review queue, paging, the indexes."""

from datetime import datetime

import pytest
from django.db import connection
from django.http import QueryDict

from layers.models import Complaint, ComplaintEvent
from layers.permissions import handles_case, may_see_personal_data, may_use_desk, sees_whole_subdistrict
from layers.privacy.text import mask_text
from layers.selectors import desk_page as paging
from layers.selectors.cases import mask_phone
from layers.selectors.desk import desk_cases, masked_only, whole_scope
from layers.selectors.desk_page import desk_page
from layers.selectors.desk_search import parse_search
from layers.services.deadlines import BEIJING
from tests.layers.desk_world import cases_world_fixture, categories_fixture, desk_world_fixture  # noqa: F401


def found(world, user, query: str) -> set[str]:
    """Names (desk_world's keys) of the cases a search finds."""
    names = {c.pk: name for name, c in world["cases"].items()}
    return {names[pk] for pk in desk_cases(user, parse_search(QueryDict(query))).values_list("pk", flat=True)}


@pytest.fixture
def world(desk_world):
    return desk_world


ALL = {"west_leak", "east_parking", "west_noise", "east_heating", "east_taken"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL),
        ("ticket=T001", {"west_leak"}),
        ("ticket=+T002+", {"east_parking"}),
        ("ticket=T00", set()),  # exact, not a prefix
        ("phone=13800138000", {"west_leak", "west_noise"}),
        ("phone=%2B86+138-0013-8000", {"west_leak", "west_noise"}),
        ("phone=01063831234", {"east_parking"}),
        ("q=漏雨", {"west_leak"}),
        ("q=漏", {"west_leak"}),
        ("q=屋顶+严重", {"west_leak"}),
        ("q=漏水", set()),
        ("q=停车难", {"east_parking"}),
        ("q=小区停车+漏雨", set()),
        ("address=３号楼", {"west_leak"}),
        ("address=丰西路45号院", {"west_leak", "west_noise"}),
        ("address=东安街", {"east_parking"}),
        ("assignee=alice", {"west_leak"}),
        ("assignee=none", {"east_parking", "west_noise", "east_taken"}),
        ("department=D1", {"west_leak"}),
        ("department=D2", {"east_heating"}),
        ("status=closed", {"west_noise"}),
        ("status=received&status=in_progress", {"east_parking", "east_heating", "east_taken"}),
        ("status=received,dispatched", {"east_parking", "west_leak", "east_taken"}),
        ("overdue=1", {"west_leak"}),
        ("sishi_type=urgent", {"east_heating"}),
        ("sishi_type=hoped", {"east_parking"}),
        ("category=t_urgent", {"east_heating"}),
    ],
)
def test_each_filter_finds_exactly_its_cases(world, query, expected):
    assert found(world, world["leader"], query) == expected


def test_a_date_range_takes_whole_days_in_beijing_time(world):
    late_evening = datetime(2026, 3, 15, 23, 30, tzinfo=BEIJING)
    Complaint.objects.filter(pk=world["cases"]["west_noise"].pk).update(received_at=late_evening)
    leader = world["leader"]
    assert found(world, leader, "from=2026-03-15&until=2026-03-15") == {"west_noise"}
    assert found(world, leader, "from=2026-03-16&until=2026-03-20") == set()
    assert found(world, leader, "until=2026-03-14") == set()
    assert "west_noise" in found(world, leader, "from=2026-03-15")


def test_the_department_sees_its_communities_its_cases_and_what_it_took_in(world):
    # D1 包s the west community; east_taken was taken in by the department user.
    assert found(world, world["dept"], "") == {"west_leak", "west_noise", "east_taken"}
    assert found(world, world["dept2"], "") == {"east_heating"}
    assert found(world, world["cadre_east"], "") == {"east_parking", "east_heating", "east_taken"}
    assert found(world, world["cadre_west"], "q=漏雨") == {"west_leak"}
    assert found(world, world["cadre_east"], "q=漏雨") == set()


def test_only_office_and_handling_units_use_the_desk(world):
    for name in ("leader", "dept", "cadre_east", "admin"):
        assert may_use_desk(world[name]), name
    for name in ("alice", "planner", "agency"):
        assert not may_use_desk(world[name]), name


def test_a_phone_search_only_finds_cases_whose_phone_the_user_sees_whole(world):
    dept = world["dept"]
    # The department reads the case it took in, but sees its phone masked ...
    page = desk_page(dept, parse_search(QueryDict("q=杂物")))
    assert [row.personal["complainant_phone"] for row in page.rows] == [mask_phone("139 1234 5678")]
    # ... so searching by that number does not confirm it.
    assert found(world, dept, "phone=13912345678") == set()
    assert found(world, world["leader"], "phone=13912345678") == {"east_taken"}
    # Every case a phone search finds shows the phone whole.
    for user in (dept, world["cadre_west"], world["leader"]):
        for row in desk_page(user, parse_search(QueryDict("phone=13800138000"))).rows:
            assert row.personal["personal_data_masked"] is False


def test_words_a_reader_sees_masked_do_not_find_the_case(world):
    """The department took east_taken in but does not handle it: it reads its text masked, and a
    word search matches what it reads, so the hidden number and name confirm nothing."""
    taken = world["cases"]["east_taken"]
    text = "李四反映楼道堆放杂物，回电13912345678"
    Complaint.objects.filter(pk=taken.pk).update(description=text)
    dept, leader = world["dept"], world["leader"]
    assert masked_only(dept) == [taken.pk] and masked_only(leader) == []
    [row] = desk_page(dept, parse_search(QueryDict("q=杂物"))).rows
    masked = mask_text(text, "李四", "139 1234 5678")
    assert row.description == masked and "13912345678" not in masked and "李四" not in masked
    for hidden in ("q=13912345678", "q=李四", "q=5678+李四"):
        assert found(world, dept, hidden) == set(), hidden
    assert found(world, dept, "q=" + masked[-8:]) == {"east_taken"}  # what it reads
    assert found(world, leader, "q=13912345678") == {"east_taken"}
    assert found(world, leader, "q=李四") == {"east_taken"}
    [row] = desk_page(leader, parse_search(QueryDict("q=李四"))).rows
    assert row.description == text


def test_the_review_filter_is_the_review_queue(world):
    cases = world["cases"]
    Complaint.objects.filter(pk__in=[cases["east_parking"].pk, cases["west_noise"].pk]).update(
        needs_review=True, review_reason="地址未匹配"
    )
    # A closed case has left the work, and the queue with it (layers.selectors.cases.review_queue).
    assert found(world, world["leader"], "review=1") == {"east_parking"}
    assert found(world, world["leader"], "review=1&sishi_type=urgent") == set()
    assert found(world, world["dept"], "review=1") == set()  # not in its scope
    assert found(world, world["cadre_east"], "review=1") == {"east_parking"}


def test_rows_carry_time_left_and_overdue(world):
    page = desk_page(world["leader"], parse_search(QueryDict("sort=due_asc")), now=world["now"])
    rows = {row.complaint.pk: row for row in page.rows}
    leak, heating, closed = (world["cases"][n].pk for n in ("west_leak", "east_heating", "west_noise"))
    assert rows[leak].overdue and rows[leak].seconds_left == pytest.approx(-86400, abs=1)
    assert not rows[heating].overdue and rows[heating].seconds_left == pytest.approx(7200, abs=1)
    assert rows[closed].seconds_left is None and not rows[closed].overdue
    # Time left: the nearest deadline first (the closed case's deadline passed longest ago).
    assert [row.complaint.pk for row in page.rows][:3] == [closed, leak, heating]
    assert page.count == 5 and not page.more and page.pages == 1


def test_pages_are_bounded_and_the_count_stops_at_the_cap(world, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    first = desk_page(world["leader"], parse_search(QueryDict("")))
    assert len(first.rows) == 2 and (first.count, first.more) == (4, True)
    third = desk_page(world["leader"], parse_search(QueryDict("page=3")))
    assert len(third.rows) == 1
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    assert (desk_page(world["leader"], parse_search(QueryDict(""))).count, first.pages) == (5, 2)
    newest_first = [row.complaint.received_at for row in first.rows + third.rows]
    assert newest_first == sorted(newest_first, reverse=True)


@pytest.mark.parametrize(
    "query, field",
    [
        ("phone=1380013", "phone"),
        ("phone=138****8000", "phone"),
        ("from=2026-13-01", "from"),
        ("from=2026-02-01&until=2026-01-01", "until"),
        ("status=open", "status"),
        ("page=0", "page"),
        ("page=41", "page"),
        ("sort=random", "sort"),
        ("colour=red", "colour"),
        ("q=" + "漏" * 51, "q"),
    ],
)
def test_bad_parameters_are_named(query, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        parse_search(QueryDict(query))
    assert field in refused.value.message_dict


def _plan(user, query: str) -> str:
    # Unordered and whole: with an order and a limit, the planner may read a date index and test
    # each row instead (cheaper on five rows, whatever the statistics say at that moment), which
    # says nothing of whether the expression matches its index.
    sql, params = desk_cases(user, parse_search(QueryDict(query))).order_by().values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # Five rows: force the planner's hand to see which index it can use for this expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "query, index",
    [
        ("q=漏雨", "complaint_description_grams"),
        ("address=3号楼", "complaint_address_grams"),
        ("phone=13800138000", "complaint_phone_digits"),
        ("overdue=1&sort=due_asc", "complaint_running_due"),
    ],
)
def test_the_search_expressions_are_the_indexed_ones(world, query, index):
    assert index in _plan(world["leader"], query)


@pytest.mark.parametrize(
    "user", ["alice", "bob", "cadre_east", "cadre_west", "dept", "dept2", "leader", "planner", "agency"]
)
def test_the_scope_is_the_rule_case_by_case(world, user):
    """Complaint.objects.visible_to asks the 四包 rule in one query or, for the desk's searches, as
    index conditions (ids looked up first); both must say what the rule says of each case:
    handles_case, or took it in, or sees every case. The desk's whole_scope must be exactly the
    cases whose personal data the user sees whole."""
    # alice took a case in outside her cells, and dept2 was named on one outside its department.
    east = world["cases"]["east_parking"]
    extra = Complaint.objects.create(
        channel="grid_patrol",
        description="越界",
        category=east.category,
        sishi_type="difficult",
        community=east.community,
        grid_cell=east.grid_cell,
    )
    ComplaintEvent.objects.create(complaint=extra, actor=world["alice"], to_status="received")
    Complaint.objects.filter(pk=world["cases"]["west_noise"].pk).update(assignee=world["dept2"])
    person = world[user]
    took_in = set(ComplaintEvent.objects.filter(actor=person, from_status="").values_list("complaint_id", flat=True))
    cases = Complaint.objects.select_related("community", "grid_cell")
    whole = sees_whole_subdistrict(person)
    acts = {c.pk for c in cases if whole or handles_case(person, c)}
    reads = acts | took_in if not whole else acts
    for ids_first in (False, True):
        scope = Complaint.objects.visible_to
        assert set(scope(person, ids_first=ids_first).values_list("pk", flat=True)) == reads
        assert set(scope(person, include_own=False, ids_first=ids_first).values_list("pk", flat=True)) == acts
    if may_use_desk(person):
        assert set(whole_scope(person).values_list("pk", flat=True)) == {
            c.pk for c in cases if may_see_personal_data(person, c)
        }
    assert reads


@pytest.mark.parametrize(
    "query",
    [
        "q=漏雨",
        "q=丰西路45号院",
        "address=丰西路&sort=due_asc",
        "q=车&sort=received_asc",
        "q=无此词",
        "department=D1",
        "status=received&status=dispatched&sort=due_asc",
        "page=2",
        "assignee=none&page=2&sort=received_asc",
    ],
)
def test_every_plan_of_a_search_gives_the_same_page(world, monkeypatch, query):
    """Gathered from the indexes, read in order, or gathered then fallen back: the same rows."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)

    def page(limit):
        monkeypatch.setattr(paging, "gather_limit", lambda expected, start, total: limit)
        result = desk_page(world["leader"], parse_search(QueryDict(query)))
        return [row.complaint.pk for row in result.rows], result.count

    gathered, ordered, fallen_back = page(10**6), page(None), page(1)
    assert gathered == ordered == fallen_back


def test_the_plan_gathers_few_matches_and_deep_pages():
    assert paging.gather_limit(expected=500, start=0, total=600_000) == paging.GATHER_ROWS
    assert paging.gather_limit(expected=100_000, start=0, total=600_000) is None
    # Page 20 of a word in 30,000 cases: 20,000 rows read in order, or 30,000 gathered.
    assert paging.gather_limit(expected=30_000, start=950, total=600_000) == 45_000
    assert paging.gather_limit(expected=30_000, start=0, total=600_000) is None
    assert paging.gather_limit(expected=500_000, start=1950, total=600_000) is None
