"""The shop integration API, ``/api/v1/``: one view per operation; no business rule here (the services have
them)."""

from django.db.models import Prefetch
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api.idempotency import idempotent
from api.schema import page_of, problems
from api.serializers import (
    OrderCreateInputSerializer,
    OrderListParamsSerializer,
    OrderOutputSerializer,
    ReturnListParamsSerializer,
    ReturnOutputSerializer,
    ShipmentCreateInputSerializer,
    ShipmentOutputSerializer,
    TrackingEventsInputSerializer,
)
from orders.models import Order, OrderLine
from orders.services import OrderLineInput, order_create
from returns.models import ReturnRequest
from tracking.models import Carrier, Shipment
from tracking.services import CarrierEvent, shipment_create, shipment_events_ingest


def _orders():
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("position", "id"))
    )


class OrderCursorPagination(CursorPagination):
    ordering = ("-placed_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class OrdersApi(APIView):
    """``GET``: orders, newest first, filtered by status, dates and email (cursor pagination).
    ``POST``: create an order (its confirmation is queued with it)."""

    @extend_schema(
        operation_id="orders_list",
        parameters=[OrderListParamsSerializer],
        responses={200: page_of(OrderOutputSerializer, "OrderPage"), **problems(400, 401, 403, 404)},
    )
    def get(self, request):
        params = OrderListParamsSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        orders = _orders()
        if "status" in filters:
            orders = orders.filter(status=filters["status"])
        if "email" in filters:
            orders = orders.filter(email=filters["email"].strip().lower())
        if "placed_after" in filters:
            orders = orders.filter(placed_at__gte=filters["placed_after"])
        if "placed_before" in filters:
            orders = orders.filter(placed_at__lt=filters["placed_before"])
        paginator = OrderCursorPagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response(OrderOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="orders_create",
        request=OrderCreateInputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: OrderOutputSerializer, **problems(400, 401, 403, 409, 422)},
    )
    @idempotent
    def post(self, request):
        data = OrderCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = order_create(
            number=values["number"],
            email=values["email"],
            language=values["language"],
            currency=values["currency"],
            placed_at=values.get("placed_at"),
            shipping_address=values["shipping_address"],
            billing_address=values.get("billing_address"),
            payment_method_type=values["payment_method_type"],
            payment_method_detail=values["payment_method_detail"],
            shipping_total=values["shipping_total"],
            discount_total=values["discount_total"],
            lines=[OrderLineInput(**line) for line in values["lines"]],
            actor_label=f"api:{request.auth.name}",
        )
        return Response(
            OrderOutputSerializer(_orders().get(pk=order.pk)).data, status=status.HTTP_201_CREATED
        )


class OrderDetailApi(APIView):
    @extend_schema(
        operation_id="orders_read", responses={200: OrderOutputSerializer, **problems(401, 403, 404)}
    )
    def get(self, request, number: str):
        return Response(OrderOutputSerializer(get_object_or_404(_orders(), number=number)).data)


def _shipments():
    return Shipment.objects.select_related("carrier", "order").prefetch_related("lines")


class OrderShipmentsApi(APIView):
    """``POST``: a parcel for the order (carrier, tracking number, which line quantities are in it)."""

    @extend_schema(
        operation_id="shipments_create",
        request=ShipmentCreateInputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: ShipmentOutputSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, number: str):
        order = get_object_or_404(Order, number=number)
        data = ShipmentCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        carrier = Carrier.objects.filter(code=values["carrier"], is_active=True).first()
        if carrier is None:
            raise ValidationError({"carrier": [f"unknown carrier '{values['carrier']}'"]})
        lines = {line.pk: line for line in order.lines.all()}
        unknown = [item["line_id"] for item in values["lines"] if item["line_id"] not in lines]
        if unknown:
            raise ValidationError(
                {"lines": [f"line {line_id} is not a line of order {number}" for line_id in unknown]}
            )
        shipment = shipment_create(
            order=order,
            carrier=carrier,
            tracking_number=values["tracking_number"],
            lines=[(lines[item["line_id"]], item["quantity"]) for item in values["lines"]],
            estimated_delivery=values.get("estimated_delivery"),
            actor_label=f"api:{request.auth.name}",
        )
        return Response(
            ShipmentOutputSerializer(_shipments().get(pk=shipment.pk)).data, status=status.HTTP_201_CREATED
        )


class ShipmentDetailApi(APIView):
    @extend_schema(
        operation_id="shipments_read", responses={200: ShipmentOutputSerializer, **problems(401, 403, 404)}
    )
    def get(self, request, shipment_id: int):
        return Response(ShipmentOutputSerializer(get_object_or_404(_shipments(), pk=shipment_id)).data)


class ShipmentEventsApi(APIView):
    """``POST``: scans for a parcel, through the one ingestion service (a repeated scan is stored once)."""

    @extend_schema(
        operation_id="shipments_events_add",
        request=TrackingEventsInputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={200: ShipmentOutputSerializer, **problems(400, 401, 403, 404, 409)},
    )
    @idempotent
    def post(self, request, shipment_id: int):
        shipment = get_object_or_404(Shipment, pk=shipment_id)
        data = TrackingEventsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shipment = shipment_events_ingest(
            shipment=shipment,
            events=[CarrierEvent(**event) for event in data.validated_data["events"]],
            source="api",
        )
        return Response(ShipmentOutputSerializer(_shipments().get(pk=shipment.pk)).data)


class ReturnsApi(APIView):
    @extend_schema(
        operation_id="returns_list",
        parameters=[ReturnListParamsSerializer],
        responses={200: page_of(ReturnOutputSerializer, "ReturnPage"), **problems(400, 401, 403, 404)},
    )
    def get(self, request):
        params = ReturnListParamsSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        returns = ReturnRequest.objects.select_related("order").prefetch_related("lines__reason")
        if "status" in params.validated_data:
            returns = returns.filter(status=params.validated_data["status"])
        paginator = ReturnCursorPagination()
        page = paginator.paginate_queryset(returns, request, view=self)
        return paginator.get_paginated_response(ReturnOutputSerializer(page, many=True).data)


class ReturnCursorPagination(CursorPagination):
    ordering = ("-requested_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReturnDetailApi(APIView):
    @extend_schema(
        operation_id="returns_read", responses={200: ReturnOutputSerializer, **problems(401, 403, 404)}
    )
    def get(self, request, number: str):
        queryset = ReturnRequest.objects.select_related("order").prefetch_related("lines__reason")
        return Response(ReturnOutputSerializer(get_object_or_404(queryset, number=number)).data)


@csrf_exempt  # a POST to an unknown API path is a 404, not a CSRF failure page
def api_not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404 in the API's own error format, not the site's HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        {"type": "about:blank", "title": "Not found.", "status": 404},
        status=404,
        content_type="application/problem+json",
    )
