import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken

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
