"""The co-governance API through Django's test client: scoping, detail, directory, summonses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from layers.models import Complaint, Partner, VolunteerTeam
from layers.services.cogovernance import (
    intake_source_link,
    meeting_record,
    participant_add,
    topic_open_for_area,
    topic_open_from_cases,
)
from layers.services.cogovernance_summons import summons_create
from tests.geometry import rect


@pytest.fixture
def topics(world, make_case, categories):
    leader, cadre = world["users"]["leader"], world["users"]["cadre_west"]
    parking = topic_open_from_cases(
        actor=cadre,
        cases=[make_case(50, 60), make_case(80, 60)],
        title="45号院停车",
        kind="co_governance",
        opened_at=timezone.now() - timedelta(days=20),
    )
    meeting_record(
        topic=parking,
        actor=cadre,
        held_at=timezone.now() - timedelta(days=10),
        place="议事厅",
        decisions=[{"text": "施划停车位", "votes": {"for": 30, "against": 2, "abstain": 1}}],
        actions=[{"description": "施划停车位", "owner_name": "物业", "resolves_cases": True}],
    )
    east = topic_open_for_area(actor=leader, title="东侧噪音", kind="concentrated", geom=rect(600, 100, 900, 400))
    return {"parking": parking, "east": east}


def login(client, user):
    client.force_login(user)
    return client


def test_everything_needs_login(client, topics):
    for url in ("/api/topics/", f"/api/topics/{topics['parking'].code}/", "/api/partners/", "/api/summons/"):
        assert client.get(url).status_code in (401, 403), url


def test_the_topics_layer_is_geojson_scoped_by_role(client, topics, world):
    body = login(client, world["users"]["sw"]).get("/api/topics/").json()
    assert body["type"] == "FeatureCollection"
    assert [f["id"] for f in body["features"]] == [topics["parking"].code]
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["complaint_count"] == 2 and feature["properties"]["meeting_count"] == 1
    assert feature["properties"]["kind_label"] == "盼事·共商共治"
    leader_codes = {f["id"] for f in login(client, world["users"]["leader"]).get("/api/topics/").json()["features"]}
    assert leader_codes == {topics["parking"].code, topics["east"].code}
    filtered = client.get("/api/topics/?kind=concentrated").json()["features"]
    assert [f["id"] for f in filtered] == [topics["east"].code]


def test_a_topic_the_user_may_not_see_is_not_found(client, topics, world):
    response = login(client, world["users"]["sw"]).get(f"/api/topics/{topics['east'].code}/")
    assert response.status_code == 404


def test_the_detail_has_timeline_meetings_actions_and_outcome(client, topics, world):
    code = topics["parking"].code
    properties = login(client, world["users"]["cadre_west"]).get(f"/api/topics/{code}/?days=30").json()["properties"]
    assert [e["kind"] for e in properties["timeline"]] == ["opened", "meeting"]
    assert properties["meetings"][0]["decisions"][0]["votes"] == {"for": 30, "against": 2, "abstain": 1}
    assert properties["actions"][0]["description"] == "施划停车位" and properties["actions"][0]["completed_at"] is None
    outcome = properties["outcome"]
    # The two cases were filed now, after the meeting ten days ago.
    assert outcome["pivot_source"] == "first_meeting" and outcome["total"]["after"] == 2
    assert "complainant_phone" not in str(properties)
    assert client.get(f"/api/topics/{code}/?days=x").status_code == 400


def test_completing_an_action_through_the_api_resolves_the_cases(client, topics, world):
    topic = topics["parking"]
    action_id = topic.actions.get().pk
    url = f"/api/topics/{topic.code}/actions/{action_id}/complete/"
    assert login(client, world["users"]["planner"]).post(url, {"result": "x"}).status_code == 403
    response = login(client, world["users"]["cadre_west"]).post(url, {"result": "已施划72个车位"})
    assert response.status_code == 200 and len(response.json()["resolved"]) == 2
    assert set(topic.complaints.values_list("status", flat=True)) == {Complaint.Status.RESOLVED}
    assert client.post(url, {}).status_code == 400
    assert client.post(f"/api/topics/{topic.code}/actions/999999/complete/").status_code == 404


def test_overdue_summonses_and_reports(client, topics, world):
    leader, departments = world["users"]["leader"], world["departments"]
    late = summons_create(
        actor=leader,
        department=departments["pajs"],
        topic=topics["east"],
        summoned_at=timezone.now() - timedelta(days=2),
    )
    summons_create(actor=leader, department=departments["cgb"], topic=topics["east"])
    rows = login(client, leader).get("/api/summons/?overdue=1").json()["results"]
    assert [(r["id"], r["overdue"], r["topic"]) for r in rows] == [(late.pk, True, topics["east"].code)]
    assert len(client.get("/api/summons/").json()["results"]) == 2
    # The PAJS department takes the east community, so it sees both; it reports for its own.
    client = login(client, world["users"]["dept_pajs"])
    assert len(client.get("/api/summons/").json()["results"]) == 2
    assert client.get("/api/summons/?overdue=1").json()["results"][0]["id"] == late.pk
    reported = client.post(f"/api/summons/{late.pk}/report/", {"action": "已到场处置"}).json()
    assert reported["reported_at"] is not None and reported["overdue"] is False
    assert client.get("/api/summons/?overdue=1").json()["results"] == []


def test_the_directory_lists_areas_and_topics_taken_part_in(client, topics, world):
    team = VolunteerTeam.objects.create(name="丰西路志愿服务队", members=25, area=rect(0, 0, 500, 500))
    partner = Partner.objects.create(name="某驻区部队", kind="military", contact_role="营部值班室")
    participant_add(topic=topics["parking"], type="volunteer_team", name=team.name, volunteer_team=team)
    participant_add(topic=topics["east"], type="resident_unit", name=partner.name, partner=partner)
    for case in topics["parking"].complaints.all():
        intake_source_link(complaint=case, volunteer_team=team)
    with pytest.raises(ValidationError):
        intake_source_link(complaint=case, volunteer_team=team, partner=partner)

    teams = login(client, world["users"]["sw"]).get("/api/volunteer-teams/").json()
    assert teams["features"][0]["properties"]["topics"] == [topics["parking"].code]
    assert teams["features"][0]["properties"]["reported_complaints"] == 2
    assert teams["features"][0]["geometry"]["type"] == "MultiPolygon"
    # The grid worker may not see the east topic, so the partner's participation is not shown to them.
    partners = client.get("/api/partners/").json()["features"]
    assert partners[0]["properties"]["kind_label"] == "驻区部队" and partners[0]["properties"]["topics"] == []
    partners = login(client, world["users"]["leader"]).get("/api/partners/").json()["features"]
    assert partners[0]["properties"]["topics"] == [topics["east"].code]


def test_the_openapi_schema_lists_the_cogov_routes_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yml"
    # Only our routes: the rest of the project's schema warnings are not this module's to judge.
    call_command("spectacular", urlconf="layers.api.cogov.urls", fail_on_warn=True, file=str(target))
    schema = target.read_text()
    for path in ("/topics/:", "/topics/{code}/:", "/partners/:", "/volunteer-teams/:", "/summons/:"):
        assert f"\n  {path}\n" in schema, path
