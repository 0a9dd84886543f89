"""The Celery application: ``celery -A postpurchase worker`` and ``celery -A postpurchase beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postpurchase.settings.local")

app = Celery("postpurchase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
