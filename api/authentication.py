from django.utils import timezone
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.services import api_key_hash


class Integration:
    """Who is calling: an integration with an API key (``request.user`` in the API)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token

    def __str__(self) -> str:
        return self.token.name


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>``. A missing header is anonymous (and refused by the permission); a
    wrong or revoked key is a 401."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        kind, _, key = header.partition(" ")
        if kind.lower() != "bearer" or not key.strip():
            raise exceptions.AuthenticationFailed("Use 'Authorization: Bearer <key>'.")
        token = ApiToken.objects.filter(key_hash=api_key_hash(key.strip()), revoked_at=None).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most once a minute
        return Integration(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
