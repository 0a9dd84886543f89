from celery import shared_task

from api import webhooks


@shared_task(name="api.tasks.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> str:
    return webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.tasks.webhooks_due_send")
def webhooks_due_send_task() -> int:
    return len(webhooks.webhooks_due_send())
