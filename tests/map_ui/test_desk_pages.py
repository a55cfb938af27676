"""The office case desk's pages (/desk/): who may open them, what they show, saved filters, the
review queue, call-back records, and the shared header's desk and inbox links."""

import pytest
from django.test import Client

from layers.models import CallbackRecord, Complaint, ComplaintPhoto, Notification, SavedFilter
from layers.selectors.cases import mask_phone
from tests.layers.desk_world import cases_world_fixture, categories_fixture, desk_world_fixture  # noqa: F401

DESK = "/desk/"


@pytest.fixture
def world(desk_world):
    return desk_world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def case_url(case, print_=False) -> str:
    return f"/desk/cases/{case.pk}/" + ("print/" if print_ else "")


@pytest.mark.parametrize("user", ["alice", "planner", "agency"])
def test_a_grid_worker_or_a_reader_cannot_open_the_desk(world, user):
    client = client_for(world[user])
    case = world["cases"]["west_leak"]  # alice's own case, in her cell
    for url in (DESK, case_url(case), case_url(case, print_=True)):
        assert client.get(url).status_code == 403, url


def test_logged_out_goes_to_the_login_page(client, world):
    answer = client.get(DESK)
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_the_list_shows_only_the_users_cases_with_phones_masked_per_case(world):
    page = client_for(world["dept"]).get(DESK).content.decode()
    # D1 包s the west: its two cases in full; the case the department took in, masked.
    assert "T001" in page and "13800138000" in page
    assert "楼道堆放杂物" in page and mask_phone("139 1234 5678") in page and "139 1234 5678" not in page
    assert "T002" not in page and "暖气不热" not in page
    assert "共 3 件" in page


def test_a_search_from_the_form_and_its_errors(world):
    client = client_for(world["leader"])
    page = client.get(DESK, {"q": "漏雨", "overdue": "1"}).content.decode()
    assert "T001" in page and "共 1 件" in page and "超期 1天" in page
    refused = client.get(DESK, {"phone": "138"})
    assert refused.status_code == 400
    assert "请输入完整的电话号码" in refused.content.decode()


def test_a_case_outside_the_users_scope_is_not_found(world):
    heating = world["cases"]["east_heating"]
    assert client_for(world["dept"]).get(case_url(heating)).status_code == 404
    assert client_for(world["dept"]).get(case_url(heating, print_=True)).status_code == 404
    assert client_for(world["cadre_east"]).get(case_url(heating)).status_code == 200


def test_the_case_page_offers_what_the_user_may_do_now(world):
    leak = world["cases"]["west_leak"]  # dispatched, in D1's community
    page = client_for(world["dept"]).get(case_url(leak)).content.decode()
    for action in ('data-action="respond"', 'data-action="return"', 'data-action="reassign"'):
        assert action in page
    # 督办 and 挂账 are leadership decisions; resolving comes after responding.
    for action in ('data-action="escalate"', 'data-action="ledger"', 'data-action="resolve"'):
        assert action not in page
    leader = client_for(world["leader"]).get(case_url(leak)).content.decode()
    assert 'data-action="escalate"' in leader


def test_the_case_page_carries_the_trail_the_map_and_the_related_cases(world):
    from layers.models import ComplaintLink

    leak, noise = world["cases"]["west_leak"], world["cases"]["west_noise"]
    ComplaintLink.objects.create(primary=noise, other=leak, distance_m=12.0, days_apart=38.0)
    page = client_for(world["leader"]).get(case_url(leak))
    text = page.content.decode()
    assert "接诉" in text and "丰西路45号院3号楼2单元301" in text
    assert f'href="/desk/cases/{noise.pk}/"' in text and "相距 12 米" in text
    assert page.context["config"]["place"]["cell"]["type"] == "MultiPolygon"
    assert page.context["config"]["place"]["point"]["type"] == "Point"


def test_the_printable_sheet_has_what_a_paper_file_needs(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    leak = world["cases"]["west_leak"]
    sheet = client_for(world["leader"]).get(case_url(leak, print_=True))
    text = sheet.content.decode()
    assert sheet.status_code == 200
    for needed in ("诉求案卷 T001", "屋顶漏雨严重", "13800138000", "办理过程", "承办人签字", "<svg", 'class="point"'):
        assert needed in text, needed
    assert ComplaintPhoto.objects.count() == 0


def test_saved_filters_are_saved_applied_and_deleted_per_user(world):
    client = client_for(world["leader"])
    answer = client.post("/desk/filters/", {"name": "超期漏雨", "query": "q=漏雨&overdue=1&page=3"})
    assert answer.status_code == 302 and answer["Location"] == "/desk/?q=%E6%BC%8F%E9%9B%A8&overdue=1"
    saved = SavedFilter.objects.get(owner=world["leader"])
    assert (saved.name, saved.query) == ("超期漏雨", "q=%E6%BC%8F%E9%9B%A8&overdue=1")
    listed = client.get(DESK).content.decode()
    assert "超期漏雨" in listed and "/desk/?q=%E6%BC%8F%E9%9B%A8&amp;overdue=1" in listed
    # The same name again replaces the filter.
    client.post("/desk/filters/", {"name": "超期漏雨", "query": "status=received"})
    assert SavedFilter.objects.get(owner=world["leader"]).query == "status=received"
    # Another user neither sees it nor can delete it.
    other = client_for(world["dept"])
    assert "超期漏雨" not in other.get(DESK).content.decode()
    other.post(f"/desk/filters/{saved.pk}/delete/")
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.post(f"/desk/filters/{saved.pk}/delete/")
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_bad_saved_filter_is_refused_with_its_reason(world):
    answer = client_for(world["leader"]).post("/desk/filters/", {"name": "坏的", "query": "phone=13&colour=red"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "phone" in text and "colour" in text
    assert not SavedFilter.objects.exists()


@pytest.mark.parametrize("user, shown", [("leader", True), ("dept", True), ("cadre_east", True), ("alice", False)])
def test_the_header_links_to_the_desk_for_its_roles_and_to_the_inbox_for_all(world, user, shown):
    page = client_for(world[user]).get("/dashboard/").content.decode()
    assert ('class="desk-link" href="/desk/"' in page) is shown
    assert 'class="inbox-link" href="/inbox/"' in page
    assert 'class="badge"' not in page  # nothing unread


def test_the_inbox_link_counts_the_users_unread_notifications(world):
    leak = world["cases"]["west_leak"]
    for key in ("a", "b", "c"):
        Notification.objects.create(recipient=world["dept"], kind="assigned", complaint=leak, key=key)
    Notification.objects.filter(key="c").update(read_at=leak.received_at)
    Notification.objects.create(recipient=world["leader"], kind="overdue", complaint=leak, key="d")
    for url in ("/dashboard/", DESK, case_url(leak), "/planner/"):
        page = client_for(world["dept"]).get(url)
        if page.status_code == 403:  # /planner/ is not the department's
            continue
        assert '<span class="badge" aria-label="2 条未读">2</span>' in page.content.decode(), url


def test_the_review_queue_is_a_desk_filter_and_a_link(world):
    parking = world["cases"]["east_parking"]
    items = [{"kind": "address", "reason": "地址未匹配：东安街12号"}]
    Complaint.objects.filter(pk=parking.pk).update(needs_review=True, review_items=items, review_reason="地址未匹配")
    client = client_for(world["leader"])
    listed = client.get(DESK).content.decode()
    assert 'class="review-link" href="/desk/?review=1"' in listed
    queue = client.get(DESK, {"review": "1"}).content.decode()
    assert "共 1 件" in queue and "T002" in queue and "待核定" in queue
    assert 'aria-current="page">待人工核定' in queue
    page = client.get(case_url(parking)).content.decode()
    assert "地址未匹配：东安街12号" in page


def test_the_case_page_and_the_sheet_list_the_call_backs(world):
    noise = world["cases"]["west_noise"]
    CallbackRecord.objects.create(complaint=noise, caller=world["leader"], reached=False, remark="无人接听")
    CallbackRecord.objects.create(
        complaint=noise, caller=world["leader"], reached=True, satisfaction="satisfied", remark="已修好"
    )
    for url in (case_url(noise), case_url(noise, print_=True)):
        page = client_for(world["leader"]).get(url).content.decode()
        assert page.count('<li class="not-reached">') == 1 and page.count('<li class="reached">') == 1, url
        assert "无人接听" in page and "已修好" in page and "已接通，满意" in page, url


def test_the_import_page_is_in_the_desk_for_the_office_only(world):
    page = client_for(world["dept"]).get(DESK).content.decode()
    assert 'href="/desk/import/"' in page
    assert 'href="/desk/import/"' not in client_for(world["cadre_east"]).get(DESK).content.decode()
    upload = client_for(world["dept"]).get("/desk/import/").content.decode()
    assert 'class="desk-nav"' in upload and 'aria-current="page">导入12345派单表' in upload


@pytest.mark.parametrize("which", ["list", "review", "case", "print", "import"])
def test_the_desk_in_english_has_no_chinese_label(world, settings, which):
    from layers.models import ComplaintEvent
    from tests.map_ui.test_english_pages import data_words, page_texts, untranslated

    leak = world["cases"]["west_leak"]
    CallbackRecord.objects.create(complaint=leak, caller=world["leader"], reached=False, remark="无人接听")
    Complaint.objects.filter(pk=leak.pk).update(
        needs_review=True, review_items=[{"kind": "address", "reason": "地址待核"}], review_reason="地址待核"
    )
    url = {"list": DESK, "review": DESK + "?review=1", "case": case_url(leak), "print": case_url(leak, True)}.get(
        which, "/desk/import/"
    )
    client = client_for(world["leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    # Data, Chinese in both languages: what the cases and their trail say, who said it.
    data = data_words(
        *Complaint.objects.values_list("address", flat=True),
        *Complaint.objects.values_list("routing_reason", flat=True),
        *Complaint.objects.values_list("sishi_reason", flat=True),
        *ComplaintEvent.objects.values_list("note", flat=True),
        *Complaint.objects.values_list("complainant_name", flat=True),
        "无人接听",
        "地址待核",
    )
    assert untranslated(page_texts(html), data) == []
    assert 'lang="en"' in html
