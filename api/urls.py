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
    path("api/v1/orders/<str:number>/", views.OrderDetailApi.as_view(), name="api_order_detail"),
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
    re_path(r"^api/", views.api_not_found),
]
