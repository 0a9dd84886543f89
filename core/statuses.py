"""One way to change a status: check the transition map, save, write the history row."""

from collections.abc import Mapping

from django.db import models
from django.utils import timezone

from core.errors import IllegalTransition


def status_transition(
    *,
    instance: models.Model,
    to_status: str,
    transitions: Mapping[str, frozenset[str]],
    actor=None,
    actor_label: str = "",
    reason: str = "",
    at=None,
    extra_update_fields: tuple[str, ...] = (),
) -> bool:
    """Move ``instance.status`` to ``to_status`` if the map allows it; return whether it changed.

    The caller holds the row lock (``select_for_update``) when concurrent changes are possible.
    """
    from_status = instance.status
    if to_status == from_status:
        return False
    if to_status not in transitions.get(from_status, frozenset()):
        raise IllegalTransition(
            subject=f"{instance._meta.verbose_name} {instance.pk}",
            from_status=from_status,
            to_status=to_status,
        )
    changed_at = at or timezone.now()
    instance.status = to_status
    update_fields = {"status", *extra_update_fields}
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        update_fields.add("updated_at")
    instance.save(update_fields=sorted(update_fields))
    instance.status_changes.create(
        from_status=from_status,
        to_status=to_status,
        changed_at=changed_at,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label,
        reason=reason[:255],
    )
    return True
