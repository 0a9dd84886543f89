"""How the API describes itself in OpenAPI (drf-spectacular): the Bearer key and the problem+json errors."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API key (`create_api_token`)."}


PROBLEM = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(),
        "title": serializers.CharField(),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(required=False),
        "errors": serializers.ListField(
            child=inline_serializer(
                name="FieldError",
                fields={"field": serializers.CharField(allow_null=True), "message": serializers.CharField()},
            ),
            required=False,
        ),
    },
)


def problems(*codes: int) -> dict:
    return {code: OpenApiResponse(PROBLEM, description="application/problem+json") for code in codes}


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
