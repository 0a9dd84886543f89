from django.urls import path

from returns import views

urlpatterns = [
    path("account/orders/<str:number>/return/", views.return_start, name="return_start"),
    path("account/orders/<str:number>/withdrawal/", views.withdrawal, name="withdrawal"),
    path("account/returns/", views.returns_list, name="returns_list"),
    path("account/returns/<str:number>/", views.return_detail, name="return_detail"),
    path("account/returns/<str:number>/label.pdf", views.return_label, name="return_label"),
    path("account/returns/<str:number>/cancel/", views.return_cancel, name="return_cancel"),
    path("returns/policy/", views.policy_page, name="returns_policy"),
]
