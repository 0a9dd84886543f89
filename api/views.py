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

from accounts.models import User
from accounts.services import customer_for_order, customer_upsert, customers_for_orders
from api import examples
from api.errors import invalid_input_body, refused_body
from api.idempotency import idempotent
from api.models import WebhookSubscription
from api.schema import page_of, problems
from api.serializers import (
    CustomerInputSerializer,
    CustomerOutputSerializer,
    OrderCancelInputSerializer,
    OrderCreateInputSerializer,
    OrderListParamsSerializer,
    OrderOutputSerializer,
    OrdersBatchInputSerializer,
    OrdersBatchOutputSerializer,
    OrderUpdateInputSerializer,
    ProductInputSerializer,
    ProductOutputSerializer,
    ReturnActionInputSerializer,
    ReturnListParamsSerializer,
    ReturnOutputSerializer,
    ShipmentCreateInputSerializer,
    ShipmentOutputSerializer,
    TrackingEventsInputSerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionInputSerializer,
    WebhookSubscriptionOutputSerializer,
    order_fields,
)
from api.services import webhook_subscription_create, webhook_subscription_delete, webhook_subscription_update
from core.errors import DomainError
from orders.models import Category, Order, OrderLine, Product
from orders.services import (
    OrderInput,
    order_cancel,
    order_create,
    order_update,
    orders_create,
    product_upsert,
)
from returns.models import ReturnRequest
from returns.services import return_request_act
from tracking.models import Carrier, Shipment
from tracking.services import CarrierEvent, shipment_create, shipment_events_ingest

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="the same key with the same body gets the first answer again; with another body a 409",
)


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
        examples=[examples.ORDER_PAGE],
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
        examples=[examples.ORDER_CREATE, examples.ORDER_CREATED],
        request=OrderCreateInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: OrderOutputSerializer, **problems(400, 401, 403, 409, 422)},
    )
    @idempotent
    def post(self, request):
        data = OrderCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = order_create(
            **order_fields(values, customer_for_order(email=values["email"], external_id=values["customer"])),
            actor_label=f"api:{request.auth.name}",
        )
        # The order as written, with its lines: no need to read it back (a test holds it equal to a GET).
        return Response(OrderOutputSerializer(order).data, status=status.HTTP_201_CREATED)


class OrdersBatchApi(APIView):
    """``POST``: up to 100 orders in one request (shops that sync in bulk). Each order is created or refused on
    its own, exactly as ``POST /api/v1/orders/`` would; the answer lists every order's outcome in the
    request's order. The valid ones are written together, in one transaction."""

    @extend_schema(
        operation_id="orders_create_batch",
        examples=[examples.ORDERS_BATCH_CREATE, examples.ORDERS_BATCH_CREATED],
        request=OrdersBatchInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: OrdersBatchOutputSerializer, **problems(400, 401, 403, 409)},
    )
    @idempotent
    def post(self, request):
        data = OrdersBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results: list[dict] = []
        valid: list[tuple[int, dict]] = []
        for index, item in enumerate(data.validated_data["orders"]):
            order = OrderCreateInputSerializer(data=item)
            if order.is_valid():
                valid.append((index, order.validated_data))
                results.append({"index": index})  # filled in below
            else:
                results.append({"index": index, "status": 400, "problem": invalid_input_body(order.errors)})
        customers = customers_for_orders(
            wanted=[(values["email"], values["customer"]) for _, values in valid]
        )
        wanted: list[tuple[int, OrderInput]] = []
        for (index, values), customer in zip(valid, customers, strict=True):
            if isinstance(customer, DomainError):
                results[index] = {"index": index, "status": 422, "problem": refused_body(customer)}
            else:
                wanted.append((index, OrderInput(**order_fields(values, customer))))
        created = orders_create(orders=[order for _, order in wanted], actor_label=f"api:{request.auth.name}")
        for (index, _), outcome in zip(wanted, created, strict=True):
            if isinstance(outcome, DomainError):
                results[index] = {"index": index, "status": 422, "problem": refused_body(outcome)}
            else:  # the order as written, with its lines, as the single POST answers it
                results[index] = {"index": index, "status": 201, "order": OrderOutputSerializer(outcome).data}
        return Response({"results": results})


class OrderDetailApi(APIView):
    """``GET``: one order by its number. ``PATCH``: change what may still change (only the fields sent)."""

    @extend_schema(
        operation_id="orders_read",
        examples=[examples.ORDER_READ],
        responses={200: OrderOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, number: str):
        return Response(OrderOutputSerializer(get_object_or_404(_orders(), number=number)).data)

    @extend_schema(
        operation_id="orders_update",
        examples=[examples.ORDER_UPDATE, examples.ORDER_UPDATE_EMAIL, examples.ORDER_READ],
        request=OrderUpdateInputSerializer,
        responses={200: OrderOutputSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def patch(self, request, number: str):
        order = get_object_or_404(Order, number=number)
        data = OrderUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "customer" in values:
            values["customer"] = customer_for_order(email="", external_id=values["customer"])
        order_update(order=order, actor_label=f"api:{request.auth.name}", **values)
        return Response(OrderOutputSerializer(_orders().get(pk=order.pk)).data)


class OrderByExternalIdApi(APIView):
    @extend_schema(
        operation_id="orders_read_by_external_id",
        examples=[examples.ORDER_READ],
        responses={200: OrderOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, external_id: str):
        order = get_object_or_404(_orders().exclude(external_id=""), external_id=external_id)
        return Response(OrderOutputSerializer(order).data)


class OrderCancelApi(APIView):
    """``POST``: cancel an order before anything of it has been packed into a parcel."""

    @extend_schema(
        operation_id="orders_cancel",
        examples=[examples.ORDER_CANCEL, examples.ORDER_CANCELLED],
        request=OrderCancelInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: OrderOutputSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, number: str):
        order = get_object_or_404(Order, number=number)
        data = OrderCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_cancel(
            order=order, reason=data.validated_data["reason"], actor_label=f"api:{request.auth.name}"
        )
        return Response(OrderOutputSerializer(_orders().get(pk=order.pk)).data)


class CustomerApi(APIView):
    """``PUT``: create or update the customer the shop knows by ``external_id`` (201 created, 200 updated;
    safe to repeat). ``GET``: read it."""

    @extend_schema(
        operation_id="customers_read",
        examples=[examples.CUSTOMER_READ],
        responses={200: CustomerOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, external_id: str):
        user = get_object_or_404(User.objects.exclude(external_id=""), external_id=external_id)
        return Response(CustomerOutputSerializer(user).data)

    @extend_schema(
        operation_id="customers_upsert",
        examples=examples.CUSTOMER_UPSERT,
        request=CustomerInputSerializer,
        responses={
            200: CustomerOutputSerializer,
            201: CustomerOutputSerializer,
            **problems(400, 401, 403, 422),
        },
    )
    def put(self, request, external_id: str):
        data = CustomerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, created = customer_upsert(external_id=external_id, values=data.validated_data)
        return Response(
            CustomerOutputSerializer(user).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _products():
    return Product.objects.select_related("category").prefetch_related("specs")


class ProductApi(APIView):
    """``PUT``: create or update the catalogue product the shop knows by ``external_id`` (201 created, 200
    updated; safe to repeat). ``GET``: read it."""

    @extend_schema(
        operation_id="products_read",
        examples=[examples.PRODUCT_READ],
        responses={200: ProductOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, external_id: str):
        product = get_object_or_404(_products().exclude(external_id=""), external_id=external_id)
        return Response(ProductOutputSerializer(product).data)

    @extend_schema(
        operation_id="products_upsert",
        examples=examples.PRODUCT_UPSERT,
        request=ProductInputSerializer,
        responses={
            200: ProductOutputSerializer,
            201: ProductOutputSerializer,
            **problems(400, 401, 403, 422),
        },
    )
    def put(self, request, external_id: str):
        data = ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        specs = values.pop("specs", None)
        if values.get("category"):
            category = Category.objects.filter(slug=values["category"]).first()
            if category is None:
                raise ValidationError({"category": [f"unknown category '{values['category']}'"]})
            values["category"] = category
        product, created = product_upsert(
            external_id=external_id,
            values=values,
            specs=None if specs is None else [(spec["key"], spec["value"]) for spec in specs],
        )
        return Response(
            ProductOutputSerializer(_products().get(pk=product.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _shipments():
    return Shipment.objects.select_related("carrier", "order").prefetch_related("lines")


class OrderShipmentsApi(APIView):
    """``POST``: a parcel for the order (carrier, tracking number, which line quantities are in it)."""

    @extend_schema(
        operation_id="shipments_create",
        examples=[examples.SHIPMENT_CREATE, examples.SHIPMENT_CREATED],
        request=ShipmentCreateInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
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
        operation_id="shipments_read",
        examples=[examples.SHIPMENT_READ],
        responses={200: ShipmentOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, shipment_id: int):
        return Response(ShipmentOutputSerializer(get_object_or_404(_shipments(), pk=shipment_id)).data)


class ShipmentEventsApi(APIView):
    """``POST``: scans for a parcel, through the one ingestion service (a repeated scan is stored once)."""

    @extend_schema(
        operation_id="shipments_events_add",
        examples=[examples.EVENTS_ADD, examples.SHIPMENT_READ],
        request=TrackingEventsInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
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
        examples=[examples.RETURN_PAGE],
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
        operation_id="returns_read",
        examples=[examples.RETURN_READ],
        responses={200: ReturnOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, number: str):
        queryset = ReturnRequest.objects.select_related("order").prefetch_related("lines__reason")
        return Response(ReturnOutputSerializer(get_object_or_404(queryset, number=number)).data)


class ReturnActionsApi(APIView):
    """``POST``: one step of the returns desk (approve, reject, issue_label, receive, refund, exchange,
    cancel, close), through the same service as the admin's returns desk."""

    @extend_schema(
        operation_id="returns_act",
        examples=examples.RETURN_ACTIONS,
        request=ReturnActionInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: ReturnOutputSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, number: str):
        return_request = get_object_or_404(ReturnRequest, number=number)
        data = ReturnActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return_lines = {line.order_line_id: line.pk for line in return_request.lines.all()}
        unknown = [item["line_id"] for item in values["lines"] if item["line_id"] not in return_lines]
        if unknown:
            raise ValidationError(
                {"lines": [f"line {line_id} is not part of return {number}" for line_id in unknown]}
            )
        return_request_act(
            return_request=return_request,
            action=values["action"],
            note=values["note"],
            amount=values["amount"],
            conditions={return_lines[item["line_id"]]: item["condition"] for item in values["lines"]},
            actor_label=f"api:{request.auth.name}",
        )
        queryset = ReturnRequest.objects.select_related("order").prefetch_related("lines__reason")
        return Response(ReturnOutputSerializer(queryset.get(pk=return_request.pk)).data)


class WebhookSubscriptionsApi(APIView):
    """The calling integration's webhook subscriptions. ``POST`` makes one; its secret is in the answer,
    once."""

    @extend_schema(
        operation_id="webhooks_list",
        examples=[examples.WEBHOOK_LIST],
        responses={200: WebhookSubscriptionOutputSerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        subscriptions = WebhookSubscription.objects.filter(token=request.auth).order_by("id")
        return Response(WebhookSubscriptionOutputSerializer(subscriptions, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        examples=[examples.WEBHOOK_CREATE, examples.WEBHOOK_CREATED],
        request=WebhookSubscriptionInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: WebhookSubscriptionCreatedSerializer, **problems(400, 401, 403, 409)},
    )
    @idempotent
    def post(self, request):
        data = WebhookSubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        missing = {"url", "events"} - set(data.validated_data)
        if missing:
            raise ValidationError({name: ["This field is required."] for name in sorted(missing)})
        subscription, secret = webhook_subscription_create(
            token=request.auth, url=data.validated_data["url"], events=data.validated_data["events"]
        )
        body = {**WebhookSubscriptionOutputSerializer(subscription).data, "secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)


class WebhookSubscriptionApi(APIView):
    def _subscription(self, request, subscription_id: int) -> WebhookSubscription:
        return get_object_or_404(WebhookSubscription, pk=subscription_id, token=request.auth)

    @extend_schema(
        operation_id="webhooks_read",
        examples=[examples.WEBHOOK_READ],
        responses={200: WebhookSubscriptionOutputSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, subscription_id: int):
        return Response(
            WebhookSubscriptionOutputSerializer(self._subscription(request, subscription_id)).data
        )

    @extend_schema(
        operation_id="webhooks_update",
        examples=[examples.WEBHOOK_UPDATE, examples.WEBHOOK_READ],
        request=WebhookSubscriptionInputSerializer,
        responses={200: WebhookSubscriptionOutputSerializer, **problems(400, 401, 403, 404)},
    )
    def patch(self, request, subscription_id: int):
        subscription = self._subscription(request, subscription_id)
        data = WebhookSubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        webhook_subscription_update(subscription=subscription, **data.validated_data)
        return Response(WebhookSubscriptionOutputSerializer(subscription).data)

    @extend_schema(operation_id="webhooks_delete", responses={204: None, **problems(401, 403, 404)})
    def delete(self, request, subscription_id: int):
        webhook_subscription_delete(subscription=self._subscription(request, subscription_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


@csrf_exempt  # a POST to an unknown API path is a 404, not a CSRF failure page
def api_not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404 in the API's own error format, not the site's HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        {"type": "about:blank", "title": "Not found.", "status": 404},
        status=404,
        content_type="application/problem+json",
    )
