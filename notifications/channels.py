"""Text channels (SMS, WhatsApp) behind one small interface.

``TEXT_MESSAGE_BACKEND`` names the backend: the default writes each message as a JSON line to
``var/textmessages/<channel>.jsonl`` (and the admin shows it, like email); ``TwilioBackend`` talks to
Twilio's Messages API, which carries SMS and WhatsApp (``whatsapp:+49…``) through the same call.
"""

import json
import uuid
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings
from django.utils.module_loading import import_string


class TextProviderError(Exception):
    """The provider refused or failed; ``status_code`` tells whether trying again may help."""

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class TextBackend(Protocol):
    def send(self, *, channel: str, to: str, text: str) -> str:
        """Hand the message to the provider; return the provider's message id."""


class FileBackend:
    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder or settings.TEXT_MESSAGE_FILE_PATH)

    def send(self, *, channel: str, to: str, text: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        message_id = f"file-{uuid.uuid4()}"
        with open(self.folder / f"{channel}.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps({"id": message_id, "to": to, "text": text}, ensure_ascii=False) + "\n")
        return message_id


class TwilioBackend:
    """Twilio's REST API: POST /2010-04-01/Accounts/{sid}/Messages.json (form-encoded To, From, Body)."""

    def __init__(self):
        self.base_url = settings.TWILIO_API_URL.rstrip("/")
        self.account_sid = settings.TWILIO_ACCOUNT_SID
        self.auth_token = settings.TWILIO_AUTH_TOKEN
        self.senders = {"sms": settings.TWILIO_SMS_FROM, "whatsapp": settings.TWILIO_WHATSAPP_FROM}

    def send(self, *, channel: str, to: str, text: str) -> str:
        prefix = "whatsapp:" if channel == "whatsapp" else ""
        try:
            response = requests.post(
                f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
                data={"To": f"{prefix}{to}", "From": f"{prefix}{self.senders[channel]}", "Body": text},
                auth=(self.account_sid, self.auth_token),
                timeout=10,
            )
        except requests.RequestException as exc:
            raise TextProviderError(f"{type(exc).__name__}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 300:
            reason = body.get("message") or response.text[:200]
            raise TextProviderError(
                f"Twilio error {body.get('code', '')}: {reason}", status_code=response.status_code
            )
        return body.get("sid", "")


def text_backend() -> TextBackend:
    return import_string(settings.TEXT_MESSAGE_BACKEND)()
