from celery import shared_task

from notifications import services


@shared_task(
    name="notifications.tasks.message_send",
    autoretry_for=(services.MessageSendFailed,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
)
def message_send_task(message_id: int) -> str:
    return services.message_send(message_id=message_id)


@shared_task(name="notifications.tasks.messages_sweep")
def messages_sweep_task() -> int:
    return len(services.messages_sweep())


@shared_task(name="notifications.tasks.messages_due_send")
def messages_due_send_task() -> int:
    return len(services.messages_due_send())


@shared_task(name="notifications.tasks.messages_send")
def messages_send_task(message_ids: list[int]) -> dict:
    """A batch of messages (bulk sends); failures are retried one by one through ``message_send``."""
    return dict(services.messages_send(message_ids=message_ids))


@shared_task(name="notifications.tasks.messages_send_pending")
def messages_send_pending_task() -> dict:
    """What ``messages_send_soon`` asks for: every message waiting for its first attempt, in batches."""
    return dict(services.messages_send_pending())
