"""Roles see only the topics and summonses they may (layers/selectors/cogovernance.py)."""

import pytest

from layers.models import Role, Topic
from layers.selectors.cogovernance import summonses_visible, topics_visible
from layers.services.cogovernance import meeting_record, topic_open_for_area, topic_open_from_cases
from layers.services.cogovernance_summons import summons_create
from tests.geometry import rect


@pytest.fixture
def topics(world, make_case):
    """estate: the estate in cell sw; east: an area in cell se; north_case: a case in cell nw
    (its disc stays inside nw); cgb_action: an area in the east whose action the CGB department owns."""
    leader = world["users"]["leader"]
    made = {
        "estate": topic_open_for_area(
            actor=leader, title="45号院停车", kind="co_governance", housing_projects=[world["estate"]]
        ),
        "east": topic_open_for_area(actor=leader, title="东侧背街", kind="concentrated", geom=rect(600, 100, 900, 400)),
        "north_case": topic_open_from_cases(actor=leader, cases=[make_case(250, 750)], title="北侧停车", kind="other"),
        "cgb_action": topic_open_for_area(actor=leader, title="东北角", kind="other", geom=rect(700, 700, 900, 900)),
    }
    meeting_record(
        topic=made["cgb_action"],
        actor=leader,
        held_at=made["cgb_action"].opened_at,
        actions=[{"description": "清理", "owner_department": world["departments"]["cgb"]}],
    )
    return made


def visible(user):
    return set(topics_visible(user).values_list("title", flat=True))


def test_a_grid_worker_sees_only_topics_touching_their_cells(topics, world):
    assert visible(world["users"]["sw"]) == {"45号院停车"}
    assert visible(world["users"]["nw"]) == {"北侧停车"}


def test_a_grid_worker_sees_a_topic_through_a_case_in_their_cell(world, make_case):
    # The topic's places lie in the east, but one of its cases was filed in the worker's cell.
    case = make_case(250, 250)
    topic = topic_open_for_area(
        actor=world["users"]["leader"], title="东侧", kind="other", geom=rect(600, 600, 900, 900)
    )
    topic.complaints.add(case)
    assert visible(world["users"]["sw"]) == {"东侧"}
    assert visible(world["users"]["nw"]) == set()


def test_cadres_departments_and_whole_subdistrict_roles(topics, world, make_user):
    users = world["users"]
    assert visible(users["cadre_west"]) == {"45号院停车", "北侧停车"}
    assert visible(users["cadre_east"]) == {"东侧背街", "东北角"}
    # CGB takes the west community and owns an action in the east.
    assert visible(users["dept_cgb"]) == {"45号院停车", "北侧停车", "东北角"}
    assert visible(users["dept_pajs"]) == {"东侧背街", "东北角"}
    everything = set(Topic.objects.values_list("title", flat=True))
    assert len(everything) == 4
    for role in (Role.LEADER, Role.PLANNER, Role.AGENCY, Role.ADMIN):
        assert visible(make_user(role)) == everything


def test_users_without_a_role_see_nothing(topics, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    assert visible(nobody) == set()
    assert not summonses_visible(nobody).exists()


def test_summonses_follow_the_department_and_the_topic(topics, world):
    leader, departments = world["users"]["leader"], world["departments"]
    east_summons = summons_create(actor=leader, department=departments["pajs"], topic=topics["east"])
    assert list(summonses_visible(world["users"]["dept_pajs"])) == [east_summons]
    assert list(summonses_visible(world["users"]["cadre_east"])) == [east_summons]
    assert not summonses_visible(world["users"]["dept_cgb"]).exists()
    assert not summonses_visible(world["users"]["sw"]).exists()
    assert list(summonses_visible(world["users"]["planner"])) == [east_summons]
