"""Inbound carrier webhooks."""

from django.urls import path

from tracking import views

urlpatterns = [
    path("webhooks/tracking/", views.tracking_webhook, name="tracking-webhook"),
    path("webhooks/aftership/", views.aftership_webhook, name="aftership-webhook"),
]
