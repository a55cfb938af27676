"""The topic page /topics/<code>/ through Django's test client (real PostGIS)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from layers.analytics.topic_outcome import DEFAULT_DAYS
from layers.services.cogovernance import action_complete, meeting_record, participant_add, topic_open_from_cases
from map_ui.topics import sketch
from tests.geometry import point, rect
from tests.map_ui.test_pages import external_urls


@pytest.fixture
def topic(world, make_case):
    cadre = world["users"]["cadre_west"]
    topic = topic_open_from_cases(
        actor=cadre,
        cases=[make_case(50, 60), make_case(80, 60)],
        title="丰西路45号院停车位施划",
        kind="co_governance",
        opened_at=timezone.now() - timedelta(days=40),
    )
    participant_add(topic=topic, type="owners_committee", name="45号院业委会")
    meeting = meeting_record(
        topic=topic,
        actor=cadre,
        held_at=timezone.now() - timedelta(days=30),
        place="丰西路社区议事厅",
        attendees=[{"type": "居民代表", "name": "12人"}],
        decisions=[{"text": "同意施划停车位<b>", "votes": {"for": 31, "against": 4, "abstain": 2}}],
        actions=[{"description": "施划停车位", "owner_name": "物业", "resolves_cases": True}],
    )
    action_complete(action=meeting.actions.get(), actor=cadre, result="划线72个")
    return topic


def test_the_page_needs_login(client, topic):
    response = client.get(f"/topics/{topic.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_shows_timeline_meetings_actions_and_outcome_in_chinese(client, topic, world):
    client.force_login(world["users"]["cadre_west"])
    html = client.get(f"/topics/{topic.code}/").content.decode()
    assert '<html lang="zh-Hans">' in html and "丰西路45号院停车位施划" in html
    assert "第1次" in html and "表决：赞成31 反对4 弃权2" in html
    assert "同意施划停车位&lt;b&gt;" in html  # user text is escaped
    assert "施划停车位（完成即办结关联诉求）" in html and "已完成" in html
    assert "业委会：45号院业委会" in html and "议题办结" in html
    assert f"前{DEFAULT_DAYS}天" in html and "成效：议事前后诉求对比" in html
    assert "<svg" in html and html.count("<circle") == 2
    assert external_urls(html) == []


def test_english_when_chosen(client, topic, world):
    client.force_login(world["users"]["leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/topics/{topic.code}/").content.decode()
    assert '<html lang="en">' in html and "Consultation meetings" in html


def test_a_topic_outside_the_users_cells_is_not_found(client, topic, world):
    client.force_login(world["users"]["nw"])
    assert client.get(f"/topics/{topic.code}/").status_code == 404


def test_the_sketch_keeps_proportions_and_places_dots():
    drawn = sketch(rect(0, 0, 200, 100), [point(100, 50)], size=100)
    xs = [float(p.split(",")[0]) for p in drawn["path"].replace("M", "").replace(" Z", "").split(" L")]
    ys = [float(p.split(",")[1]) for p in drawn["path"].replace("M", "").replace(" Z", "").split(" L")]
    assert max(xs) - min(xs) == pytest.approx(90, abs=0.5) and max(ys) - min(ys) == pytest.approx(45, abs=1)
    # cos(latitude) is a sketch, not a projection: within 2% of EPSG:4548 metres here.
    assert drawn["dots"] == [{"x": pytest.approx(50, abs=0.5), "y": pytest.approx(27.5, abs=1)}]
    assert sketch(None) is None
