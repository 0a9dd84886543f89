import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken, WebhookSubscription

SCOPES = frozenset({"read", "write"})


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, name: str, scopes: set[str]) -> tuple[ApiToken, str]:
    """A new key for an integration; returns the token row and the key, which is not stored anywhere."""
    unknown = set(scopes) - SCOPES
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {sorted(SCOPES)}, not {sorted(unknown) or 'none'}")
    key = f"pp_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name, prefix=key[:10], key_hash=api_key_hash(key), scopes=",".join(sorted(scopes))
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def events_checked(events) -> str:
    """The events as stored (sorted, comma-separated); ``ValueError`` for an unknown or no event."""
    from api.webhooks import EVENTS

    chosen = sorted({event.strip() for event in events if event.strip()})
    unknown = set(chosen) - EVENTS
    if unknown or not chosen:
        raise ValueError(f"events must be among {sorted(EVENTS)}, not {sorted(unknown) or 'none'}")
    return ",".join(chosen)


def webhook_secret_new() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def webhook_subscription_create(*, token: ApiToken, url: str, events) -> tuple[WebhookSubscription, str]:
    """A subscription for the integration with a fresh secret; returns it and the secret to show once."""
    secret = webhook_secret_new()
    subscription = WebhookSubscription.objects.create(
        token=token, url=url, events=events_checked(events), secret=secret
    )
    return subscription, secret


def webhook_subscription_update(
    *, subscription: WebhookSubscription, url: str | None = None, events=None, is_active: bool | None = None
) -> WebhookSubscription:
    changed = []
    if url is not None and url != subscription.url:
        subscription.url = url
        changed.append("url")
    if events is not None:
        checked = events_checked(events)
        if checked != subscription.events:
            subscription.events = checked
            changed.append("events")
    if is_active is not None and is_active != subscription.is_active:
        subscription.is_active = is_active
        changed.append("is_active")
    if changed:
        subscription.save(update_fields=changed)
    return subscription


def webhook_subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Gone with its delivery log; pending deliveries are not sent any more."""
    subscription.delete()
