from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from api import views

urlpatterns = [
    path(
        "api/schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="api_schema",
    ),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(
            url_name="api_schema", authentication_classes=[], permission_classes=[AllowAny]
        ),
        name="api_docs",
    ),
    path("api/v1/orders/", views.OrdersApi.as_view(), name="api_orders"),
    path("api/v1/orders/batch/", views.OrdersBatchApi.as_view(), name="api_orders_batch"),
    path(
        "api/v1/orders/by-external-id/<str:external_id>/",
        views.OrderByExternalIdApi.as_view(),
        name="api_order_by_external_id",
    ),
    path("api/v1/orders/<str:number>/", views.OrderDetailApi.as_view(), name="api_order_detail"),
    path("api/v1/orders/<str:number>/cancel/", views.OrderCancelApi.as_view(), name="api_order_cancel"),
    path(
        "api/v1/orders/<str:number>/shipments/", views.OrderShipmentsApi.as_view(), name="api_order_shipments"
    ),
    path(
        "api/v1/shipments/<int:shipment_id>/", views.ShipmentDetailApi.as_view(), name="api_shipment_detail"
    ),
    path(
        "api/v1/shipments/<int:shipment_id>/events/",
        views.ShipmentEventsApi.as_view(),
        name="api_shipment_events",
    ),
    path("api/v1/returns/", views.ReturnsApi.as_view(), name="api_returns"),
    path("api/v1/returns/<str:number>/", views.ReturnDetailApi.as_view(), name="api_return_detail"),
    path("api/v1/returns/<str:number>/actions/", views.ReturnActionsApi.as_view(), name="api_return_actions"),
    path("api/v1/customers/<str:external_id>/", views.CustomerApi.as_view(), name="api_customer"),
    path("api/v1/products/<str:external_id>/", views.ProductApi.as_view(), name="api_product"),
    path("api/v1/webhooks/", views.WebhookSubscriptionsApi.as_view(), name="api_webhooks"),
    path(
        "api/v1/webhooks/<int:subscription_id>/",
        views.WebhookSubscriptionApi.as_view(),
        name="api_webhook",
    ),
    re_path(r"^api/", views.api_not_found),
]
