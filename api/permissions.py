from rest_framework import permissions


class TokenScopes(permissions.BasePermission):
    """Reading needs the ``read`` scope, anything else ``write``."""

    message = "This API key lacks the scope for this operation."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None:
            return False
        needed = "read" if request.method in permissions.SAFE_METHODS else "write"
        return needed in token.scope_set
