"""Marketing consent: double opt-in, and one-click unsubscribe (RFC 8058) with a signed token, no login.

Transactional messages (order, parcel, return, account) need no consent. A marketing message is sent only to
an address whose consent for that channel is confirmed; every marketing email carries ``List-Unsubscribe``
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, ConsentStatus, MarketingConsent

CONFIRM_SALT = "notifications.consent-confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class ConsentLinkInvalid(Exception):
    pass


def _token(*, address: str, channel: str, salt: str) -> str:
    return signing.dumps({"a": address.lower(), "c": channel}, salt=salt, compress=True)


def _token_read(*, token: str, salt: str, max_age: int | None = None) -> tuple[str, str]:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:  # also SignatureExpired
        raise ConsentLinkInvalid from exc
    return value["a"], value["c"]


def unsubscribe_url(*, address: str, channel: str = Channel.EMAIL) -> str:
    token = _token(address=address, channel=channel, salt=UNSUBSCRIBE_SALT)
    return f"{settings.SHOP_BASE_URL}{reverse('unsubscribe', args=[token])}"


def consent_confirm_url(*, address: str, channel: str = Channel.EMAIL) -> str:
    token = _token(address=address, channel=channel, salt=CONFIRM_SALT)
    return f"{settings.SHOP_BASE_URL}{reverse('consent_confirm', args=[token])}"


def marketing_consent_allows(*, address: str, channel: str) -> bool:
    return MarketingConsent.objects.filter(
        address=address.lower(), channel=channel, status=ConsentStatus.CONFIRMED
    ).exists()


def marketing_consent_request(*, address: str, language: str, channel: str = Channel.EMAIL, source: str = ""):
    """Record the wish and send the confirmation link (the first step of double opt-in)."""
    from notifications.payloads import shop_payload
    from notifications.services import message_queue

    address = address.lower()
    with transaction.atomic():
        consent, _ = MarketingConsent.objects.select_for_update().get_or_create(
            address=address, channel=channel, defaults={"requested_at": timezone.now(), "source": source}
        )
        if consent.status == ConsentStatus.CONFIRMED:
            return consent
        consent.status, consent.requested_at, consent.source = ConsentStatus.PENDING, timezone.now(), source
        consent.save(update_fields=["status", "requested_at", "source"])
        message_queue(
            template_key="consent_confirm",
            recipient=address,
            language=language,
            payload={"shop": shop_payload(), "link": consent_confirm_url(address=address, channel=channel)},
            idempotency_key=f"consent_confirm:{channel}:{address}:{consent.requested_at.isoformat()}",
            channel=channel,
        )
    return consent


def marketing_consent_confirm(*, token: str) -> MarketingConsent:
    address, channel = _token_read(token=token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    with transaction.atomic():
        consent = (
            MarketingConsent.objects.select_for_update().filter(address=address, channel=channel).first()
        )
        if consent is None:
            raise ConsentLinkInvalid
        if consent.status != ConsentStatus.CONFIRMED:
            consent.status, consent.confirmed_at = ConsentStatus.CONFIRMED, timezone.now()
            consent.save(update_fields=["status", "confirmed_at"])
    return consent


def marketing_consent_withdraw_by_token(*, token: str) -> str:
    """One-click unsubscribe: works without login and also when there was never a consent row."""
    address, channel = _token_read(token=token, salt=UNSUBSCRIBE_SALT)
    marketing_consent_withdraw(address=address, channel=channel)
    return address


def marketing_consent_withdraw(*, address: str, channel: str) -> None:
    now = timezone.now()
    MarketingConsent.objects.update_or_create(
        address=address.lower(),
        channel=channel,
        defaults={"status": ConsentStatus.WITHDRAWN, "withdrawn_at": now},
        create_defaults={"status": ConsentStatus.WITHDRAWN, "withdrawn_at": now, "requested_at": now},
    )


def marketing_preferences(*, email: str, phone: str) -> dict[str, str]:
    """The customer's consent per channel: "confirmed", "pending" or "" (none or withdrawn)."""
    addresses = {Channel.EMAIL: email.lower(), Channel.SMS: phone, Channel.WHATSAPP: phone}
    found = {
        (consent.channel, consent.address): consent.status
        for consent in MarketingConsent.objects.filter(address__in={a for a in addresses.values() if a})
    }
    result = {}
    for channel, address in addresses.items():
        status = found.get((channel, address), "")
        result[channel] = status if status in (ConsentStatus.CONFIRMED, ConsentStatus.PENDING) else ""
    return result


def marketing_preferences_update(
    *, email: str, phone: str, language: str, wanted: dict[str, bool], source: str = "Mein Konto"
) -> dict[str, str]:
    """Start a double opt-in for each newly wanted channel; withdraw consent for each unwanted one."""
    current = marketing_preferences(email=email, phone=phone)
    for channel, want in wanted.items():
        address = email if channel == Channel.EMAIL else phone
        if not address:
            continue
        if want and not current[channel]:
            marketing_consent_request(address=address, channel=channel, language=language, source=source)
        elif not want and current[channel]:
            marketing_consent_withdraw(address=address, channel=channel)
    return marketing_preferences(email=email, phone=phone)
