"""How the API describes itself in OpenAPI (drf-spectacular): the Bearer key and the problem+json errors."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API key (`create_api_token`)."}


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = serializers.ListField(child=FieldErrorSerializer(), required=False)


PROBLEM = ProblemSerializer


def problems(*codes: int) -> dict:
    """The error responses of an operation, each ``application/problem+json``."""
    return {(code, "application/problem+json"): PROBLEM for code in (*codes, 406, 415, 429)}


def page_of(serializer_class, name: str):
    """A cursor page: ``next`` and ``previous`` links and the ``results``."""
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


def decimals_need_a_digit(result, generator, request, public):
    """drf-spectacular's pattern for decimal strings (``^-?\\d{0,10}(?:\\.\\d{0,2})?$``) also matches "", which
    the API rightly refuses; require at least one digit before the point."""

    def walk(node):
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and pattern.startswith("^-?\\d{0,"):
                node["pattern"] = pattern.replace("^-?\\d{0,", "^-?\\d{1,", 1)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
