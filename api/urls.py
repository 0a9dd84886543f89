from django.urls import path

from api import views

urlpatterns = [
    path("api/v1/orders/", views.OrdersApi.as_view(), name="api_orders"),
    path("api/v1/orders/<str:number>/", views.OrderDetailApi.as_view(), name="api_order_detail"),
]
