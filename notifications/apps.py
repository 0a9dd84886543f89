from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Nachrichten")

    def ready(self):
        from notifications import receivers  # connects the provider tracking webhooks

        receivers.subscribe_to_tracking()
