"""Inbound carrier webhooks."""

urlpatterns: list = []
