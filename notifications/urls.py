from django.urls import path

from notifications import views

urlpatterns = [
    path("consent/confirm/<str:token>/", views.consent_confirm, name="consent_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
