"""How the OpenAPI schema (/api/schema/, drf-spectacular) describes what the views share.

Every view may answer with errors it never names itself: 403 from its permissions, 401 from HTTP
Basic on the GIS endpoints, 404 for an object or a page that is not there, 400 for bad input, 415
for a body it cannot parse, 429 from its throttles (and the login lockout), 503 from the middleware
when the database is away (map_ui/errors.py). AutoSchema adds those to each operation from what the view is made of, in
DRF's shapes, unless the view declares the code itself (Open311 and OGC API have their own error
documents). A comma-separated "any of" query parameter (status=received,dispatched) is an array
written with explode=false, the convention of every filter here.
"""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny

JSON = "application/json"
DATE_OR_DATETIME = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "description": "日期（当天 0 点，北京时间）或 ISO 8601 时间 / a date (local midnight) or an ISO 8601 datetime",
}


class Detail(serializers.Serializer):
    """DRF's error document: one message for a person, in the reader's language (Chinese first)."""

    detail = serializers.CharField()


class FieldErrors(serializers.Serializer):
    """400: each rejected parameter or field with its message(s); "detail" for a body that is not
    JSON or a form."""


class FieldErrorsScheme(OpenApiSerializerExtension):
    target_class = FieldErrors

    def map_serializer(self, auto_schema, direction):
        message = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        return {"type": "object", "additionalProperties": message, "description": FieldErrors.__doc__}


class AnyOf(serializers.Serializer):
    """A body of one of several shapes that may overlap (so anyOf, where drf-spectacular's
    PolymorphicProxySerializer says oneOf): `name` is its component's name."""

    def __init__(self, *, name: str, choices, **kwargs):
        # Keywords only: DRF passes a many=True serializer's positional arguments to the list.
        self.component_name, self.choices = name, choices
        super().__init__(**kwargs)


class AnyOfScheme(OpenApiSerializerExtension):
    target_class = AnyOf

    def get_name(self, auto_schema, direction):
        return self.target.component_name

    def get_identity(self, auto_schema, direction):
        return self.target.component_name

    def map_serializer(self, auto_schema, direction):
        return {"anyOf": [auto_schema.resolve_serializer(choice, direction).ref for choice in self.target.choices]}


class ArrayOf(serializers.Serializer):
    """A JSON array of `item` for an answer of any status (drf-spectacular makes arrays of 2xx
    answers only): `name` is its component's name."""

    def __init__(self, *, name: str, item, **kwargs):
        self.component_name, self.item = name, item
        super().__init__(**kwargs)


class ArrayOfScheme(OpenApiSerializerExtension):
    target_class = ArrayOf

    def get_name(self, auto_schema, direction):
        return self.target.component_name

    def get_identity(self, auto_schema, direction):
        return self.target.component_name

    def map_serializer(self, auto_schema, direction):
        return {"type": "array", "items": auto_schema.resolve_serializer(self.target.item, direction).ref}


def comma_list_schema(choices) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(choices)}, "minItems": 1}


def comma_list(name: str, choices, description: str) -> OpenApiParameter:
    """A query parameter taking one or more of `choices`, comma-separated."""
    return OpenApiParameter(name, comma_list_schema(choices), style="form", explode=False, description=description)


def detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(Detail, description=description)


def retry_after(description: str) -> dict:
    return {"Retry-After": {"schema": {"type": "integer"}, "description": description}}


def binary(media_types, description: str) -> dict:
    """A file answer: {(200, type): binary} for each media type, for @extend_schema(responses=...)."""
    return {(200, media): OpenApiResponse(OpenApiTypes.BINARY, description=description) for media in media_types}


def _throttled(view, method: str) -> bool:
    for throttle in getattr(view, "throttle_classes", ()):
        methods = getattr(throttle, "methods", None)
        if methods is None or method in methods:
            return True
    # HTTP Basic goes through django-axes: a locked-out login answers 429 (layers/api/gis_auth.py).
    return any(issubclass(a, BasicAuthentication) for a in getattr(view, "authentication_classes", ()))


def _challenges(view) -> bool:
    """DRF answers a missing or wrong login 401 when its first authenticator names a challenge
    (Basic, Token); after a session authenticator, 403."""
    first = next(iter(getattr(view, "authentication_classes", ())), None)
    return first is not None and issubclass(first, (BasicAuthentication, TokenAuthentication))


def _open(view) -> bool:
    return all(issubclass(p, AllowAny) for p in getattr(view, "permission_classes", ()))


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the errors every view shares (module docstring)."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "array":
                parameter.setdefault("style", "form")
                parameter.setdefault("explode", False)
        responses = operation["responses"]
        for code, (response, headers) in self._shared_errors(operation).items():
            if code not in responses:
                answer = self._get_response_for_code(response, code, media_types=[JSON])
                if headers:
                    answer["headers"] = headers
                responses[code] = answer
        return operation

    def _shared_errors(self, operation) -> dict:
        view, method = self.view, self.method
        errors = {}
        takes_input = "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
        if takes_input:
            errors["400"] = (OpenApiResponse(FieldErrors, description="参数或内容有误 / invalid input"), None)
        if "requestBody" in operation:
            errors["415"] = (detail("不支持的内容类型 / a body of a media type the view does not read"), None)
        if not _open(view):
            if _challenges(view):
                challenge = {"WWW-Authenticate": {"schema": {"type": "string"}}}
                errors["401"] = (detail("未登录或认证失败 / not authenticated"), challenge)
            errors["403"] = (detail("无权访问 / not allowed for this account or role"), None)
        paginated = getattr(view, "pagination_class", None) and getattr(view, "action", None) == "list"
        if "{" in self.path or paginated:
            errors["404"] = (detail("不存在或无权查看 / not found"), None)
        if _throttled(view, method):
            errors["429"] = (detail("请求过于频繁 / too many requests"), retry_after("秒 / seconds"))
        errors["503"] = (detail("数据库暂时不可用 / the database is unavailable"), retry_after("秒 / seconds"))
        return errors
