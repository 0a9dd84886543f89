"""One error format for the whole API: ``application/problem+json`` (RFC 9457) with a field-by-field list."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, IllegalTransition
from orders.services import OrdersConflict

PROBLEM = "application/problem+json"


def problem(status_code: int, title: str, detail: str = "", errors: list | None = None) -> Response:
    return Response(
        problem_body(status_code, title, detail, errors), status=status_code, content_type=PROBLEM
    )


def problem_body(status_code: int, title: str, detail: str = "", errors: list | None = None) -> dict:
    body = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return body


def invalid_input_body(detail) -> dict:
    """The 400 for a DRF validation error (``exc.detail`` or ``serializer.errors``), field by field."""
    return problem_body(status.HTTP_400_BAD_REQUEST, "Invalid input.", errors=_field_errors(detail))


def refused_body(error: DomainError) -> dict:
    """The 422 for a business rule that said no."""
    return problem_body(
        status.HTTP_422_UNPROCESSABLE_ENTITY, "The request cannot be carried out.", str(error)
    )


def _field_errors(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error dict/list flattened to [{"field": "lines.0.quantity", "message": …}]."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            errors += _field_errors(value, "" if key == "non_field_errors" and not prefix else name)
        return errors
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"field": prefix or None, "message": str(item)} for item in detail]
        errors = []
        for index, item in enumerate(detail):
            errors += _field_errors(item, f"{prefix}.{index}" if prefix else str(index))
        return errors
    return [{"field": prefix or None, "message": str(detail)}]


def problem_exception_handler(exc, context):
    if isinstance(exc, OrdersConflict):
        return problem(status.HTTP_409_CONFLICT, "Conflict with a concurrent request.", str(exc))
    if isinstance(exc, IllegalTransition):
        return problem(status.HTTP_409_CONFLICT, "This status change is not possible now.", str(exc))
    if isinstance(exc, DomainError):
        return Response(refused_body(exc), status=status.HTTP_422_UNPROCESSABLE_ENTITY, content_type=PROBLEM)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        result = Response(invalid_input_body(exc.detail), status=response.status_code, content_type=PROBLEM)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        result = problem(response.status_code, str(getattr(exc, "default_detail", "Error")), str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
