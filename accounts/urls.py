"""The customer area ("Mein Konto"), login and guest lookup. These paths are stable: emails link to them."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("activate/<str:token>/", views.account_activate_view, name="account_activate"),
    path("track/", views.guest_lookup, name="guest_lookup"),
    path("language/", views.language_set, name="language_set"),
    path("account/", views.account_home, name="account_home"),
    path("account/ping/", views.account_ping, name="account_ping"),
    path("account/orders/", views.account_orders, name="account_orders"),
    path("account/settings/", views.account_settings, name="account_settings"),
    path("account/orders/<str:number>/", views.order_detail, name="order_detail"),
    path("account/orders/<str:number>/access/<str:token>/", views.magic_link, name="magic_link"),
    path("account/orders/<str:number>/shipping/", views.order_shipping, name="order_shipping"),
    path("account/orders/<str:number>/items/<int:line_id>/", views.order_line, name="order_line"),
    path(
        "account/orders/<str:number>/shipments/<int:shipment_id>/",
        views.shipment_detail,
        name="shipment_detail",
    ),
    path("account/orders/<str:number>/invoice.pdf", views.order_invoice, name="order_invoice"),
]
