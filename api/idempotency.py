"""``Idempotency-Key`` on POST: the same key with the same body gets the first answer again; the same key with
another body is a 409. The key is claimed with a unique row before the work starts, so that two concurrent
repeats cannot both do it."""

import functools
import hashlib

from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework.response import Response

from api.errors import problem
from api.models import IdempotencyRecord


def idempotent(view_method):
    @functools.wraps(view_method)
    def wrapped(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > 200:
            return problem(
                status.HTTP_400_BAD_REQUEST, "Idempotency-Key is too long (200 characters at most)."
            )
        body_hash = hashlib.sha256(request.body).hexdigest()
        try:
            record = _claim(token=request.auth, key=key, request_hash=body_hash)
        except IntegrityError:
            record = IdempotencyRecord.objects.get(token=request.auth, key=key)
            if record.request_hash != body_hash:
                return problem(
                    status.HTTP_409_CONFLICT, "Idempotency-Key reused with a different body.", f"Key: {key}"
                )
            if record.status_code is None:
                return problem(
                    status.HTTP_409_CONFLICT, "A request with this Idempotency-Key is still running."
                )
            return Response(
                record.response_body, status=record.status_code, headers={"Idempotent-Replayed": "true"}
            )
        try:
            response = view_method(self, request, *args, **kwargs)
        except Exception:
            record.delete()  # the work did not happen: the key may be used again
            raise
        if response.status_code >= 500:
            record.delete()
        else:
            record.status_code, record.response_body = response.status_code, response.data
            record.save(update_fields=["status_code", "response_body"])
        return response

    return wrapped


def _claim(*, token, key: str, request_hash: str) -> IdempotencyRecord:
    """The claim's row, written before the work starts: one INSERT, which in autocommit is atomic by itself and
    committed at once (no BEGIN/COMMIT round trips); inside a caller's transaction it gets a savepoint, so
    that a repeated key leaves that transaction usable."""
    record = IdempotencyRecord(token=token, key=key, request_hash=request_hash)
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            record.save(force_insert=True)
    else:
        record.save(force_insert=True)
    return record
