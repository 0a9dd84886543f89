"""anymail's backends, tuned for sending many messages from a worker.

``requests`` looks up proxy settings in the process environment on every call (about a millisecond each);
a worker that reaches its provider directly does not need that. Use ``PostmarkEmailBackend`` (and add
others the same way) as ``EMAIL_BACKEND``; where a proxy is needed, keep anymail's own backend.
"""

from anymail.backends.postmark import EmailBackend as AnymailPostmarkBackend


class DirectConnectionMixin:
    def create_session(self):
        session = super().create_session()
        session.trust_env = False  # no proxy or .netrc look-ups per request
        return session


class PostmarkEmailBackend(DirectConnectionMixin, AnymailPostmarkBackend):
    pass
