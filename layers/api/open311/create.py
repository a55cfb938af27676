"""POST requests: a GeoReport v2 service request → complaint_create(), the one intake path.

An unknown service_code is not a 404: the request lands under 其他 with its code kept and waits in
the review queue, like every channel's unknown category (a refused request is a case nobody
handles); the answer's service_notice says so.

api_key is a DRF token (the same tokens staff use for /api/); it is required, and its user must
hold a role that takes in cases. The answer is 201 for a new request and 200 for one already
stored under the same client_uuid (sent again, or twice at once). jurisdiction_id is accepted and
ignored: this endpoint serves one jurisdiction, which the spec allows.
"""

from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed

from geo_gov.throttling import IntakeThrottle, refusal
from layers.api.auth import CachedTokenAuthentication
from layers.models import Building, Complaint, HousingProject
from layers.permissions import may_take_in
from layers.services import reference
from layers.services.complaints import complaint_create

from .formats import render
from .mapping import ATTRIBUTES, ERROR_FIELDS, OPEN311_CHANNEL, POST_FIELDS, service_notice
from .queries import Open311Error

KNOWN_ATTRIBUTES = {f"attribute[{attribute['code']}]" for attribute in ATTRIBUTES}


def _user(request):
    # The spec sends api_key in the form body; some clients put it in the query string.
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, "缺少 api_key (api_key was not provided)")
    try:
        user, _token = CachedTokenAuthentication().authenticate_credentials(key)
    except AuthenticationFailed:
        raise Open311Error(403, "api_key 无效 (invalid api_key)") from None
    if not may_take_in(user):
        raise Open311Error(403, "此 api_key 不能提交诉求 (this api_key may not create requests)")
    return user


def _service_code(params) -> str:
    # Required by GeoReport v2; an unknown one is not refused: the service files the request under
    # 其他 with the code kept and puts it in the review queue (complaint_input.validated_intake).
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "缺少 service_code (service_code was not provided)")
    return code


def _address_point(address_id: str) -> tuple[float, float, str]:
    """A gazetteer code (building, else housing project) → a point inside it and its name."""
    for model, name in ((Building, lambda b: f"{b.estate.name}{b.number}号楼"), (HousingProject, lambda e: e.name)):
        found = model.objects.annotate(inside=PointOnSurface("geom")).filter(code=address_id).first()
        if found is not None:
            return found.inside.x, found.inside.y, name(found)
    raise Open311Error(400, f"address_id 不是已知的楼栋或小区编码 (not a known building or estate code): {address_id}")


def _name(params) -> str:
    first, last = (params.get("first_name") or "").strip(), (params.get("last_name") or "").strip()
    # Chinese names are written family name first, without a space; Latin ones given name first.
    if (first + last).isascii():
        return f"{first} {last}".strip()
    return f"{last}{first}"


def _arguments(params) -> dict:
    unknown = sorted(key for key in params if key.startswith("attribute[") and key not in KNOWN_ATTRIBUTES)
    if unknown:
        raise Open311Error(400, f"未知的属性 (unknown attribute): {', '.join(unknown)}")
    arguments = {
        argument: params.get(name) for name, argument in POST_FIELDS.items() if params.get(name) not in (None, "")
    }
    # Not in GeoReport v2: a bare client_uuid, as /api/complaints/ takes it, is accepted too.
    if "client_uuid" not in arguments and params.get("client_uuid"):
        arguments["client_uuid"] = params["client_uuid"]
    has_point = "lat" in arguments or "lon" in arguments
    address_id = (params.get("address_id") or "").strip()
    if not (has_point or arguments.get("address") or address_id):
        raise Open311Error(400, "须提供位置：lat 与 long、address_string 或 address_id (a location is required)")
    if address_id and not has_point:
        arguments["lon"], arguments["lat"], place = _address_point(address_id)
        arguments["location_source"] = Complaint.LocationSource.ADDRESS_MATCH
        arguments.setdefault("address", place)
    arguments["complainant_name"] = _name(params)
    return arguments


def _with_description(arguments: dict, code: str) -> dict:
    # description is optional in GeoReport v2 (and empty equals absent), but a case needs words:
    # the service name says what was reported (the code itself when we do not know it).
    category = reference.category(code)
    return {"description": category.name if category is not None else code} | arguments


def _notice(complaint) -> str:
    # From the reference cache: a resend's stored case would otherwise fetch its category.
    notice = service_notice(reference.category_by_id(complaint.category_id) or complaint.category)
    if complaint.needs_review:
        # Not in GeoReport v2: the client learns that a person will check what it sent.
        notice += f"；待人工核定 (to be checked by staff)：{complaint.review_reason}"
    return notice


def _refuse_nul(params) -> None:
    # PostgreSQL cannot store or compare NUL: an api_key or address_id with one was a 500 (fuzz run).
    named = sorted({key for key, values in params.lists() if "\x00" in key or any("\x00" in v for v in values)})
    if named:
        raise Open311Error(400, f"不能有 NUL 字符 (must not contain a NUL character): {', '.join(named)}")


def create_request(request, fmt):
    params = request.POST
    _refuse_nul(params)
    user = _user(request)
    refused = refusal(IntakeThrottle, request, user)
    if refused is not None:
        raise Open311Error(429, str(refused.detail), retry_after=refused.wait)
    code = _service_code(params)
    arguments = _with_description(_arguments(params), code)
    try:
        complaint, created = complaint_create(actor=user, channel=OPEN311_CHANNEL, **arguments)
    except ValidationError as exc:
        problems = [
            f"{ERROR_FIELDS.get(field, field)}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        ]
        raise Open311Error(400, *problems) from None
    answer = [{"service_request_id": complaint.pk, "service_notice": _notice(complaint), "account_id": None}]
    return render(fmt, "service_requests", answer, status=201 if created else 200)
