"""GeoReport v2 in our OpenAPI schema: each resource's parameters and its answers, in JSON (described
here element by element) and XML (the same data, formats.py says how: described as text).

Every resource is /open311/v2/<resource>.{fmt}, fmt xml or json; an error is the spec's error
document, [{code, description}] in JSON, whatever the status.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from layers.api.openapi import ArrayOf

from .mapping import ATTRIBUTES, OPEN311_STATUSES

JSON, XML = "application/json", "text/xml"
FMT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["xml", "json"], description="返回格式 / format")
XML_ANSWER = OpenApiResponse(OpenApiTypes.STR, description="同一数据的 XML / the same data as XML (GeoReport v2)")


class Open311Error(serializers.Serializer):
    code = serializers.IntegerField(help_text="the HTTP status")
    description = serializers.CharField()


class Endpoint(serializers.Serializer):
    specification = serializers.URLField()
    url = serializers.URLField()
    changeset = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["production", "test"])
    formats = serializers.ListField(child=serializers.CharField())


class Discovery(serializers.Serializer):
    changeset = serializers.DateTimeField()
    contact = serializers.CharField()
    key_service = serializers.CharField()
    endpoints = Endpoint(many=True)


class Service(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField()
    metadata = serializers.BooleanField()
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField(allow_blank=True)
    group = serializers.CharField()


class AttributeValue(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class Attribute(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.ChoiceField(choices=[attribute["code"] for attribute in ATTRIBUTES])
    datatype = serializers.ChoiceField(
        choices=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    )
    required = serializers.BooleanField()
    datatype_description = serializers.CharField(allow_blank=True)
    order = serializers.IntegerField()
    description = serializers.CharField()
    values = AttributeValue(many=True)


class ServiceDefinition(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = Attribute(many=True)


class ServiceRequest(serializers.Serializer):
    """A request as residents may see it: no personal data, the place to about 100 m."""

    service_request_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=list(OPEN311_STATUSES))
    status_notes = serializers.CharField()
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    agency_responsible = serializers.CharField(allow_null=True)
    service_notice = serializers.CharField()
    requested_datetime = serializers.DateTimeField()
    updated_datetime = serializers.DateTimeField()
    expected_datetime = serializers.DateTimeField(allow_null=True)
    address = serializers.CharField(allow_blank=True)
    address_id = serializers.CharField(allow_null=True)
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.CharField(allow_null=True)


class Created(serializers.Serializer):
    service_request_id = serializers.IntegerField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)


class TokenAnswer(serializers.Serializer):
    service_request_id = serializers.IntegerField()
    token = serializers.CharField()


class NewRequest(serializers.Serializer):
    """A form (application/x-www-form-urlencoded) as GeoReport v2 sends it. One location is
    required: lat and long, address_string or address_id (a building or estate code)."""

    api_key = serializers.CharField(help_text="an account's API token (also accepted in the query string)")
    service_code = serializers.CharField(help_text="unknown codes are filed under 其他 and reviewed")
    lat = serializers.FloatField(required=False)
    long = serializers.FloatField(required=False)
    address_string = serializers.CharField(required=False)
    address_id = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    first_name = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.EmailField(required=False)
    device_id = serializers.CharField(required=False, max_length=128)
    media_url = serializers.URLField(required=False, help_text="http(s)")
    jurisdiction_id = serializers.CharField(required=False, help_text="accepted and ignored (one jurisdiction)")
    client_uuid = serializers.UUIDField(required=False, help_text="Not in GeoReport v2: as attribute[client_uuid]")

    def get_fields(self):
        # The spec's attribute[code] fields (ATTRIBUTES): not Python names.
        choices = {a["code"]: [v["key"] for v in a["values"]] for a in ATTRIBUTES}
        return {
            **super().get_fields(),
            "attribute[crs]": serializers.ChoiceField(choices=choices["crs"], required=False),
            "attribute[accuracy]": serializers.FloatField(required=False, min_value=0),
            "attribute[location_source]": serializers.ChoiceField(choices=choices["location_source"], required=False),
            "attribute[client_uuid]": serializers.UUIDField(required=False),
        }


def _answer(serializer, description: str, status: int = 200) -> dict:
    answer = {(status, JSON): OpenApiResponse(serializer, description=description), (status, XML): XML_ANSWER}
    if status < 300:
        # Any other resource or format (services.txt) is the catch-all's 404 document.
        answer.update(_errors(404))
    return answer


def _errors(*statuses: int) -> dict:
    errors = {}
    for status in statuses:
        document = ArrayOf(name="Open311Errors", item=Open311Error)
        errors.update(_answer(document, "错误文档 / the spec's error document", status))
    return errors


def discovery() -> dict:
    return {
        "parameters": [FMT],
        "responses": _answer(Discovery, "发现文档 / discovery"),
        "description": "GeoReport v2 发现文档 / the discovery document",
    }


def root() -> dict:
    return {
        "responses": {(200, XML): OpenApiResponse(OpenApiTypes.STR, description="发现文档（XML）/ discovery as XML")},
        "description": "根地址：发现文档（XML）/ the root: the discovery document as XML",
    }


def services() -> dict:
    return {
        "parameters": [FMT],
        "responses": _answer(Service(many=True), "服务（分类）/ services (categories)"),
        "description": "服务列表：诉求分类 / the services: our complaint categories",
    }


def service_definition() -> dict:
    return {
        "parameters": [OpenApiParameter("service_code", str, OpenApiParameter.PATH), FMT],
        "responses": {**_answer(ServiceDefinition, "服务定义 / service definition"), **_errors(404)},
        "description": "服务定义：可附加的属性 / the attributes a request of the service may carry",
    }


_LIST = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_IDS = {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1}


def requests() -> dict:
    """GET requests: the spec's filters, comma-separated lists; 90 days and 1,000 requests at most."""
    return {
        "parameters": [
            FMT,
            OpenApiParameter("service_request_id", _IDS, description="overrides every other filter"),
            OpenApiParameter("service_code", _LIST),
            OpenApiParameter("start_date", OpenApiTypes.DATETIME, description="default end_date − 90 days"),
            OpenApiParameter("end_date", OpenApiTypes.DATETIME, description="default now; at most 90 days span"),
            OpenApiParameter("status", {**_LIST, "items": {"type": "string", "enum": list(OPEN311_STATUSES)}}),
            OpenApiParameter("jurisdiction_id", str, description="accepted and ignored"),
        ],
        "responses": {**_answer(ServiceRequest(many=True), "诉求，最新在前 / newest first"), **_errors(400)},
        "description": "诉求查询（公开，不含个人信息）/ service requests, public, without personal data",
    }


def create_request() -> dict:
    created = _answer(Created(many=True), "新登记 / created", 201)
    stored = _answer(Created(many=True), "同一 client_uuid 已登记 / already stored under this client_uuid")
    retry = OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[429], description="秒 / seconds")
    return {
        "parameters": [FMT, retry],
        "request": {"application/x-www-form-urlencoded": NewRequest, "multipart/form-data": NewRequest},
        "responses": {**created, **stored, **_errors(400, 403, 429)},
        "description": "登记诉求 / create a service request (GeoReport v2 POST requests)",
    }


def request_detail() -> dict:
    return {
        "parameters": [OpenApiParameter("service_request_id", str, OpenApiParameter.PATH), FMT],
        "responses": {**_answer(ServiceRequest(many=True), "一个诉求 / one request"), **_errors(404)},
        "description": "一个诉求（公开）/ one service request, public",
    }


def token() -> dict:
    return {
        "parameters": [OpenApiParameter("token", str, OpenApiParameter.PATH, description="client_uuid"), FMT],
        "responses": {**_answer(TokenAnswer(many=True), "令牌对应的诉求 / the request of a token"), **_errors(404)},
        "description": "按令牌（client_uuid）查找诉求 / the request sent with a token (its client_uuid)",
    }
