"""/planner/patrols/ without a browser: login, scoping by role, a bad date answered with a 400 page."""

import html

import pytest

from layers.selectors.planning_patrols import patrol_plans
from tests.layers.planning import patrol_world as world_fixtures
from tests.layers.planning.patrol_world import PLAN_DAY

patrol_world = world_fixtures.patrol_world
URL = "/planner/patrols/"


@pytest.mark.django_db
def test_login_required(client, patrol_world):
    r = client.get(URL)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.django_db
def test_a_grid_worker_sees_only_their_own_route(client, patrol_world):
    client.force_login(patrol_world["li"])
    page = client.get(URL, {"date": "2026-11-27"}).content.decode()
    assert 'id="worker-li"' in page and 'id="worker-zhang"' not in page and 'id="worker-wang"' not in page
    assert client.get(URL, {"date": "2026-11-27", "worker": "zhang"}).status_code == 403


@pytest.mark.django_db
def test_a_leader_sees_every_route_in_plan_order(client, make_user, patrol_world):
    client.force_login(make_user("leader", "boss"))
    page = client.get(URL, {"date": "2026-11-27"}).content.decode()
    assert page.index('id="worker-li"') < page.index('id="worker-wang"') < page.index('id="worker-zhang"')
    li = patrol_plans(PLAN_DAY, ["li"])[0]
    positions = [page.index(f"<td>{s.name}</td>") for s in li.stops]
    assert positions == sorted(positions) and len(positions) == len(li.stops) > 0
    with_stops = [p.worker for p in patrol_plans(PLAN_DAY) if p.stops]
    assert "li" in with_stops and "wang" not in with_stops
    assert page.count('<polyline class="route"') == len(with_stops)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "text"),
    [({"date": "2026-02-30"}, "日期有误：'2026-02-30'"), ({"worker": "nobody"}, "没有名为 'nobody'")],
)
def test_bad_input_is_a_400_page_that_says_why(client, make_user, patrol_world, query, text):
    client.force_login(make_user("leader", "boss"))
    r = client.get(URL, query)
    assert r.status_code == 400 and text in html.unescape(r.content.decode())


@pytest.mark.django_db
def test_no_role_no_plans(client, patrol_world, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_one_community_at_a_time(client, make_user, patrol_world):
    client.force_login(make_user("leader", "boss"))
    page = client.get(URL, {"date": "2026-11-27", "community": patrol_world["east"].code}).content.decode()
    assert 'id="worker-zhang"' in page and 'id="worker-li"' not in page and 'id="worker-wang"' not in page
    assert f'<option value="{patrol_world["east"].code}" selected>东社区</option>' in page
    # A grid worker choosing another community gets nothing of it.
    client.force_login(patrol_world["li"])
    page = client.get(URL, {"date": "2026-11-27", "community": patrol_world["east"].code}).content.decode()
    assert 'class="patrol"' not in page and "没有可显示的巡查计划" in page


@pytest.mark.django_db
def test_planner_pages_linked_only_for_roles_that_may_open_them(client, make_user, patrol_world):
    client.force_login(make_user("leader", "boss"))
    assert 'href="/planner/"' in client.get(URL, {"date": "2026-11-27"}).content.decode()
    client.force_login(patrol_world["li"])
    assert 'href="/planner/"' not in client.get(URL, {"date": "2026-11-27"}).content.decode()
