"""The trail names who a step handed the case to: intake's routing, a dispatch, a re-route on
relocation; other steps name nobody."""

from layers.services.complaints import complaint_transition
from layers.services.review import complaint_relocate
from tests.geometry import lonlat
from tests.layers.api.cases_world import EAST_POINT


def test_intake_and_dispatch_name_the_holder_other_steps_do_not(world, new_case, dispatch):
    case = dispatch(new_case())
    complaint_transition(complaint=case, actor=world["alice"], to_status="responded")
    steps = {e.to_status: (e.assignee, e.department) for e in case.events.all()}
    holder = (world["alice"], world["department"])
    assert steps == {"received": holder, "dispatched": holder, "responded": (None, None)}


def test_relocating_a_waiting_case_names_its_new_holder(world, new_case):
    case = new_case(lon=None, lat=None, address="无此地址999号")
    lon, lat = lonlat(*EAST_POINT)
    complaint_relocate(complaint=case, actor=world["leader"], lon=lon, lat=lat, location_source="map_pick")
    step = case.events.order_by("id").last()
    assert step.from_status == step.to_status == "received"
    assert (step.assignee, step.department) == (world["bob"], None)
