"""The audit trail: append-only, hash-chained events.

Append-only is enforced three times: the model refuses save-after-create and delete, its
queryset refuses bulk update and delete, and on PostgreSQL a trigger refuses UPDATE and
DELETE even from raw SQL (migration 0002). The chain makes any change made around all of
that detectable with `manage.py audit_verify`: each event's hash is an HMAC keyed with
`settings.AUDIT_CHAIN_KEY`, a key held outside the database, over the event's content and
its predecessor's hash, so someone who can write to the database cannot recompute it.
Checkpoints written outside the database (`audit_checkpoint`) catch the one rewrite the key
cannot: removing the newest events.

Events written before the chain was keyed carry `chain_version` 1 (plain SHA-256) and stay
verifiable; an unkeyed event after a keyed one is a break.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from django.db.models.base import ModelBase
from django.utils.translation import gettext_lazy as _


class AuditImmutableError(Exception):
    pass


class ChainVersion(models.IntegerChoices):
    UNKEYED = 1, _("SHA-256 (before the chain was keyed)")
    KEYED = 2, _("HMAC-SHA256 with the audit chain key")


@lru_cache(maxsize=4)
def _derive_chain_key(configured: str, secret_key: str) -> bytes:
    if configured:
        return configured.encode()
    # Development: derived from SECRET_KEY, as the field-encryption key is.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"samvern.audit", info=b"chain").derive(
        secret_key.encode()
    )


def chain_key() -> bytes:
    """The key of the audit chain's HMAC. It is never stored in the database."""
    return _derive_chain_key(settings.AUDIT_CHAIN_KEY, settings.SECRET_KEY)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AuditImmutableError("Audit events cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted.")

    _raw_delete = delete  # type: ignore[assignment]


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    # Plain references, not foreign keys with cascades: the trail outlives users and
    # organisations, and must never be touched when they are deleted.
    actor_id = models.CharField(_("actor id"), max_length=64, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    organisation_id = models.CharField(
        _("organisation id"), max_length=64, blank=True, db_index=True
    )
    organisation_label = models.CharField(_("organisation"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)
    chain_version = models.PositiveSmallIntegerField(
        choices=ChainVersion.choices, default=ChainVersion.KEYED
    )
    # The case a case-layer event is about, copied from `detail.case` and
    # `detail.reference` when the event is written, so "who has seen this case" and the
    # trail's case search are index lookups. Not hashed themselves: `audit_verify` checks
    # them against the detail, which is (`case_columns`).
    case_id = models.CharField(_("case id"), max_length=64, blank=True, default="")
    case_reference = models.CharField(_("case reference"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # Every list of events is newest first by id and pages by id (keyset): each
            # lookup the trail and the access log make has an index ending in id.
            models.Index(fields=["case_id", "id"], name="audit_event_case_id_idx"),
            models.Index(fields=["case_reference", "id"], name="audit_event_case_ref_idx"),
            models.Index(fields=["organisation_id", "id"], name="audit_event_org_id_idx"),
            models.Index(fields=["actor_id", "id"], name="audit_event_actor_id_idx"),
            models.Index(fields=["action", "id"], name="audit_event_action_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_label}"

    def save(
        self,
        *,
        force_insert: bool | tuple[ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        if not self._state.adding:
            raise AuditImmutableError("Audit events cannot be updated.")
        super().save(
            force_insert=force_insert,
            force_update=force_update,
            using=using,
            update_fields=update_fields,
        )

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted.")

    def canonical_content(self) -> str:
        return canonical_content(*(getattr(self, name) for name in CANONICAL_FIELDS))

    def compute_hash(self) -> str:
        return compute_hash(self.canonical_content(), self.chain_version)


# The stored fields an event's hash covers, in the order `canonical_content` takes them:
# `audit_verify` reads exactly these with `values_list`, without building model instances.
CANONICAL_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "organisation_label",
    "action",
    "target_type",
    "target_id",
    "ip_address",
    "detail",
    "prev_hash",
    "chain_version",
)


def canonical_content(
    occurred_at: dt.datetime,
    actor_id: str,
    actor_label: str,
    organisation_id: str,
    organisation_label: str,
    action: str,
    target_type: str,
    target_id: str,
    ip_address: str | None,
    detail: object,
    prev_hash: str,
    chain_version: int,
) -> str:
    """The text an event's hash is computed over: the one definition, used both by
    `AuditEvent.canonical_content` and by the streaming verification."""
    content: dict[str, object] = {
        "occurred_at": occurred_at.isoformat(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organisation_id": organisation_id,
        "organisation_label": organisation_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "ip_address": ip_address,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    if chain_version != ChainVersion.UNKEYED:
        # The version is part of what is signed, so it cannot be lowered afterwards.
        content["chain_version"] = chain_version
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(canonical: str, chain_version: int, key: bytes | None = None) -> str:
    """The hash of an event's canonical content: plain SHA-256 for version 1, otherwise an
    HMAC with the chain key (`key`, when the caller already holds it)."""
    message = canonical.encode()
    if chain_version == ChainVersion.UNKEYED:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


def case_columns(detail: object) -> tuple[str, str]:
    """(case_id, case_reference) as an event with this detail stores them: the detail's
    `case` and `reference` when they are text that fits the column, otherwise empty."""

    def text(key: str) -> str:
        value = detail.get(key) if isinstance(detail, dict) else None
        return value if isinstance(value, str) and len(value) <= 64 else ""

    return text("case"), text("reference")
