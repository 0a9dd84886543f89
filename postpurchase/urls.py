from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = _("postpurchase – Kundenservice")
admin.site.site_title = _("postpurchase")
admin.site.index_title = _("Bestellungen, Sendungen, Retouren und Nachrichten")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Provider tracking webhooks (delivered, opened, bounced, …): /anymail/<provider>/tracking/
    path("anymail/", include("anymail.urls")),
    path("", include("accounts.urls")),
    path("", include("tracking.urls")),
    path("", include("notifications.urls")),
    path("", include("returns.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
