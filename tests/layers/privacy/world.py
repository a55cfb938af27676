"""Cases carrying the held-back list, and how each output must show them.

One case per personal item, in alice's grid cell (sw) of the west community, which 城管科 (dept) 包s:
alice, dept and the leader handle them; planners and agencies read them. Each case carries the
item in its description, its address, a call-back remark and (ledger cases) its ledger owner. Odd
cases are overdue and in progress, even ones on the ledger, all received in one ISO week ten days ago:
the weekly report and the ledger list them all (with the report's LISTED raised for the test).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import CallbackRecord, Complaint
from layers.privacy.text import mask_text
from tests.geometry import point
from tests.layers.api.cases_world import WEST_POINT
from tests.layers.privacy.held_back import PERSONAL

ADDRESS = "丰西路45号院3号楼2单元401，"
OWNER = "物业经理，"
TEXT_FIELDS = ("description", "address", "remark", "ledger_owner")


@dataclass
class Planted:
    complaint: Complaint
    item: dict

    @property
    def pk(self) -> int:
        return self.complaint.pk

    def whole(self, field: str) -> str:
        return {
            "description": self.item["text"],
            "address": ADDRESS + self.item["text"],
            "remark": self.item["text"],
            "ledger_owner": OWNER + self.item["text"] if self.on_ledger else "",
        }[field]

    def masked(self, field: str) -> str:
        return mask_text(self.whole(field), self.item.get("name", ""), self.item.get("phone", ""))

    @property
    def on_ledger(self) -> bool:
        return self.complaint.status == Complaint.Status.LEDGER

    @property
    def secrets(self) -> list[str]:
        return self.item["secrets"]


@pytest.fixture(name="planted")
def planted_fixture(cases_world, categories) -> list[Planted]:
    received = timezone.now() - timedelta(days=10)
    cases = []
    for number, item in enumerate(PERSONAL):
        ledger = number % 2 == 0
        complaint = Complaint.objects.create(
            channel="hotline_12345",
            ticket_no=f"PRIV-{number:03d}",
            description=item["text"],
            address=ADDRESS + item["text"],
            complainant_name=item.get("name", ""),
            complainant_phone=item.get("phone", ""),
            category=categories["t_general"],
            sishi_type="difficult",
            status=Complaint.Status.LEDGER if ledger else Complaint.Status.IN_PROGRESS,
            received_at=received + timedelta(minutes=number),
            due_at=received + timedelta(hours=1),
            ledger_at=received + timedelta(hours=2) if ledger else None,
            ledger_owner=OWNER + item["text"] if ledger else "",
            location=point(*WEST_POINT),
            subdistrict=cases_world["subdistrict"],
            community=cases_world["west"],
            grid_cell=cases_world["cells"]["sw"],
            housing_project=cases_world["estate"],
        )
        CallbackRecord.objects.create(
            complaint=complaint, caller=cases_world["leader"], reached=False, remark=item["text"]
        )
        cases.append(Planted(complaint, item))
    return cases


def leaks(body: str | bytes, cases: list[Planted]) -> list[tuple[int, str]]:
    """(case, secret) for every secret of the cases found in body."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return [(case.pk, secret) for case in cases for secret in case.secrets if secret in text]


def report_week(cases: list[Planted]) -> str:
    year, week, _ = timezone.localtime(cases[0].complaint.received_at).isocalendar()
    return f"{year}-W{week:02d}"
