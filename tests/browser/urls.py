"""The site's URLs plus the uploaded product pictures, so that the browser tests' screenshots show them
(the live server runs with DEBUG off, where the project's urls.py serves no media)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from postpurchase.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
