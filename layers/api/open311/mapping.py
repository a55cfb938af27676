"""GeoReport v2 ↔ our complaint model, kept as data (as FixMyStreet keeps its Open311 tables).

- STATUS_MAP: our ten workflow statuses → the spec's open/closed, with status_notes in Chinese and
  English, so a GeoReport client that only knows open/closed still shows where a case stands.
- FILTERS: GET requests parameter → queryset lookup and the parser of its value.
- POST_FIELDS: POST parameter → complaint_create() argument; errors from the service are reported
  back under the parameter name the client sent.
- ATTRIBUTES: the extra inputs every service accepts (services/{code} shows them), each # Not in
  GeoReport v2 itself but carried in its own attribute[code] mechanism, so unmodified clients work.
"""

from layers.i18n import source_text
from layers.models import Complaint, TimeBase
from layers.models.complaint import UNFINISHED_STATUSES

Status = Complaint.Status

# Open311 requests arrive from third-party apps and integrations holding a key. The key does not
# prove which channel the resident used (our own 公众号 or someone else's app), and counting them
# as 公众号 would inflate that channel in the statistics; so they are 其他, and the integration is
# identified by the key's user, recorded as the actor of the case's first event.
OPEN311_CHANNEL = Complaint.Channel.OTHER

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
SERVICE_TYPE = "realtime"  # a service_request_id is returned at once, never a token

# status → (open/closed, status_notes). Open is Complaint.objects.unfinished() (its docstring says
# why): resolved cases count as closed (the spec: "closed: it has been resolved"); 退单 leaves this
# sub-district (returned to the 12345 centre) and is closed for the resident unless the centre sends
# it back; 挂账 and 督办 are still being worked on.
STATUS_NOTES: dict[str, str] = {
    Status.RECEIVED: "接诉：已受理 (received)",
    Status.DISPATCHED: "派单：已派给责任单位 (dispatched to the responsible unit)",
    Status.RESPONDED: "响应：已联系诉求人 (responded: the requester has been contacted)",
    Status.IN_PROGRESS: "办理中 (in progress)",
    Status.RESOLVED: "办结：已办理完毕，待回访 (resolved, awaiting the callback)",
    Status.CALLBACK: "回访：已办结并回访 (resolved and called back)",
    Status.CLOSED: "结案 (closed)",
    Status.RETURNED: "退单：不属本街道办理，已退回12345 (returned to the 12345 centre)",
    Status.LEDGER: "挂账：暂不能办结，限期销账 (on the ledger with a target date)",
    Status.ESCALATED: "督办：已提级督办 (escalated for supervision)",
}
STATUS_MAP: dict[str, tuple[str, str]] = {
    status: ("open" if status in UNFINISHED_STATUSES else "closed", notes) for status, notes in STATUS_NOTES.items()
}
OPEN311_STATUSES: dict[str, list[str]] = {
    state: [ours for ours, (mapped, _notes) in STATUS_MAP.items() if mapped == state] for state in ("open", "closed")
}

TIME_BASE_EN = {
    TimeBase.NATURAL_HOURS: "natural hours",
    TimeBase.WORKING_HOURS: "working hours",
    TimeBase.WORKING_DAYS: "working days",
    TimeBase.NATURAL_DAYS: "natural days",
}


def service_notice(category) -> str:
    amount, base = category.time_limit_amount, category.time_limit_base
    # Bilingual by design, whatever language a browser's cookie chose: the Chinese label is the source text.
    label = source_text(TimeBase(base).label)
    return f"办理时限：{amount}{label} (to be handled within {amount} {TIME_BASE_EN[base]})"


# POST parameter → complaint_create() keyword. first_name/last_name make complainant_name (family
# name first, as Chinese names are written). email and device_id are personal data, kept for staff
# who handle the case and never published; media_url is published back in GET requests.
POST_FIELDS = {
    "service_code": "category_code",
    "lat": "lat",
    "long": "lon",
    "address_string": "address",
    "description": "description",
    "phone": "complainant_phone",
    "email": "complainant_email",
    "device_id": "device_id",
    "media_url": "media_url",
    "attribute[crs]": "crs",
    "attribute[accuracy]": "accuracy",
    "attribute[location_source]": "location_source",
    "attribute[client_uuid]": "client_uuid",
}
# complaint_create() error key → the parameter the client sent.
ERROR_FIELDS = {argument: parameter for parameter, argument in POST_FIELDS.items()} | {
    "category_code": "service_code",
    "complainant_name": "first_name/last_name",
    "location": "lat/long",
}

ATTRIBUTES = [
    {
        "variable": True,
        "code": "crs",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "默认 WGS84 (default WGS84, as the spec says)",
        "order": 1,
        "description": "lat/long 所用坐标系；高德、腾讯、微信定位为 GCJ-02，百度为 BD-09"
        " (coordinate system of lat/long: AMap, Tencent and WeChat give GCJ-02, Baidu BD-09)",
        "values": [
            {"key": "wgs84", "name": "WGS84 (GPS)"},
            {"key": "gcj02", "name": "GCJ-02 (高德/腾讯/微信 AMap/Tencent/WeChat)"},
            {"key": "bd09", "name": "BD-09 (百度 Baidu)"},
            {"key": "cgcs2000", "name": "CGCS2000"},
        ],
    },
    {
        "variable": True,
        "code": "accuracy",
        "datatype": "number",
        "required": False,
        "datatype_description": "米 (metres), ≥ 0",
        "order": 2,
        "description": "定位精度 (accuracy of lat/long in metres, as the device reports it)",
        "values": [],
    },
    {
        "variable": True,
        "code": "location_source",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "默认 gps (default gps)",
        "order": 3,
        "description": "位置如何得到 (how lat/long were obtained)",
        "values": [
            {"key": Complaint.LocationSource.GPS.value, "name": "GPS定位 (device GPS)"},
            {"key": Complaint.LocationSource.MAP_PICK.value, "name": "地图选点 (picked on a map)"},
        ],
    },
    {
        "variable": True,
        "code": "client_uuid",
        "datatype": "string",
        "required": False,
        "datatype_description": "UUID, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e",
        "order": 4,
        "description": "客户端生成的唯一编号：重发同一编号返回同一诉求，不会重复登记；也可作为 tokens/{token} 查询"
        " (a UUID made by the client: resending it returns the same request instead of a second one;"
        " it also works as a token for tokens/{token})",
        "values": [],
    },
]
