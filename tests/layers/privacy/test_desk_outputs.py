"""The held-back list through the office desk's pages (/desk/): the list, a word search, the case page
and the printable sheet. A desk user who reads a case without handling it (a cadre of another
community who took it in) sees its personal data masked everywhere — the description, the address,
call-back remarks, the ledger owner, the trail's notes, a related case's text; its handlers see it
whole. Other outputs: test_case_outputs.py and test_report_outputs.py."""

import pytest
from django.test import Client

from layers.models import ComplaintEvent, ComplaintLink
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401
from tests.layers.privacy.world import ADDRESS, leaks, planted_fixture  # noqa: F401


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def taken_in(cases_world, planted):
    """The east community's cadre took every planted case in (each intake's note carries the item)
    and the first two are linked: it reads them all, handles none of them."""
    for case in planted:
        ComplaintEvent.objects.create(
            complaint=case.complaint, actor=cases_world["cadre_east"], to_status="received", note=case.item["text"]
        )
    ComplaintLink.objects.create(primary=planted[0].complaint, other=planted[1].complaint, days_apart=0)
    return planted


def test_the_list_and_a_word_search_are_masked_for_a_reader(cases_world, taken_in):
    client = _client(cases_world["cadre_east"])
    for params in ({}, {"address": ADDRESS[:6]}, {"q": "", "sort": "due_asc"}):
        body = _page(client, "/desk/", **params)
        assert f"共 {len(taken_in)} 件" in body, params
        assert leaks(body, taken_in) == [], params


def test_the_case_page_and_the_sheet_are_masked_for_a_reader(cases_world, taken_in):
    client = _client(cases_world["cadre_east"])
    for case in taken_in:
        for url in (f"/desk/cases/{case.pk}/", f"/desk/cases/{case.pk}/print/"):
            body = _page(client, url)
            assert leaks(body, taken_in) == [], url
            assert case.masked("description") in body and case.masked("remark") in body, url


@pytest.mark.parametrize("handler", ["leader", "dept"])
def test_the_handlers_read_the_whole_text(cases_world, taken_in, handler):
    client = _client(cases_world[handler])
    first, second = taken_in[0], taken_in[1]
    for url in (f"/desk/cases/{first.pk}/", f"/desk/cases/{first.pk}/print/"):
        body = _page(client, url)
        for field in ("description", "address", "remark", "ledger_owner"):
            assert first.whole(field) in body, (url, field)
        assert second.whole("description") in body  # the related case
    # A word search finds a case by what its handlers read.
    body = _page(client, "/desk/", q=first.secrets[0])
    assert first.complaint.ticket_no in body
