"""Changes to how messages go out: channels, the office's mandatory kinds, a user's
preferences, a failed message sent again. Each change and its audit entry in one
transaction; credentials never reach the audit trail, only that they changed."""

from django.db import transaction

from zhenggai.audit.models import record
from zhenggai.inbox.channels import mask_secret, mask_url
from zhenggai.inbox.models import (
    Channel,
    Delivery,
    MandatoryKind,
    Preference,
    SubjectKind,
    WebhookDelivery,
)
from zhenggai.inbox.preferences import mandatory_kinds_for
from zhenggai.lib import clock


def channel_snapshot(channel) -> dict:
    return {
        "name": channel.name,
        "unit": channel.unit.name if channel.unit_id else None,
        "kind": channel.kind,
        "url": mask_url(channel.url),
        "secret": mask_secret(channel.secret),
        "is_active": channel.is_active,
    }


def save_channel(actor, channel, *, name, unit, kind, url, secret, is_active) -> Channel:
    """Create (`channel` None) or change a channel. `url` or `secret` None keeps the
    current one; a secret of "" removes it."""
    with transaction.atomic():
        if channel is None:
            channel = Channel(url="")
            before = {}
        else:
            channel = Channel.objects.select_for_update().get(pk=channel.pk)
            before = channel_snapshot(channel)
        credentials_changed = (url is not None and url != channel.url) or (
            secret is not None and secret != channel.secret
        )
        if unit is None and channel.organisation_id is None:
            # The office's own group: of the office's organisation.
            channel.organisation_id = actor.organisation_id
        channel.name = name
        channel.unit = unit
        channel.kind = kind
        channel.is_active = is_active
        if url is not None:
            channel.url = url
        if secret is not None:
            channel.secret = secret
        channel.updated_at = clock.now()
        channel.save()
        after = channel_snapshot(channel)
        if after != before or credentials_changed:
            record(
                actor,
                "channel_update" if before else "channel_create",
                channel,
                before,
                after,
                note="credentials changed" if credentials_changed and before else "",
            )
    return channel


def retry_delivery(actor, delivery) -> bool:
    """Send a failed channel message again from its first attempt. False if it was not
    failed (sent meanwhile, or already retried)."""
    with transaction.atomic():
        done = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=WebhookDelivery.Status.FAILED
        ).update(status=WebhookDelivery.Status.PENDING, attempts=0, next_try_at=clock.now())
        if done:
            record(
                actor,
                "channel_message_retry",
                delivery.channel,
                {"message": delivery.pk, "status": WebhookDelivery.Status.FAILED},
                {"message": delivery.pk, "status": WebhookDelivery.Status.PENDING},
            )
    return bool(done)


def set_mandatory(actor, kinds, organisation=None) -> None:
    """Make exactly `kinds` mandatory (必达) for `organisation` (the actor's own by
    default) and every organisation below it: always pushed immediately. The kinds an
    organisation above set are its own and are not touched."""
    organisation_id = organisation.pk if organisation is not None else actor.organisation_id
    kinds = {k for k in kinds if k in SubjectKind.values}
    with transaction.atomic():
        current = {
            m.kind: m
            for m in MandatoryKind.objects.select_for_update().filter(
                organisation_id=organisation_id
            )
        }
        for kind in sorted(kinds - set(current)):
            row = MandatoryKind.objects.create(
                organisation_id=organisation_id, kind=kind, set_by=actor
            )
            record(
                actor,
                "mandatory_kind_add",
                row,
                {},
                {"kind": kind, "mandatory": True, "organisation": row.organisation.name},
            )
        for kind in sorted(set(current) - kinds):
            row = current[kind]
            record(
                actor,
                "mandatory_kind_remove",
                row,
                {"kind": kind, "mandatory": True, "organisation": row.organisation.name},
                {},
            )
            row.delete()


def set_preferences(user, choices: dict) -> dict:
    """Save `user`'s {kind: Delivery} choices; kinds the office made mandatory, unknown
    kinds and unknown choices are ignored. Returns what changed."""
    mandatory = mandatory_kinds_for(user)
    wanted = {
        kind: choice
        for kind, choice in choices.items()
        if kind in SubjectKind.values and kind not in mandatory and choice in Delivery.values
    }
    with transaction.atomic():
        current = {
            p.kind: p.delivery for p in Preference.objects.select_for_update().filter(user=user)
        }
        before, after = {}, {}
        for kind, choice in wanted.items():
            was = current.get(kind, Delivery.IMMEDIATE)
            if was == choice:
                continue
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": choice})
            before[kind], after[kind] = was, choice
        if after:
            record(user, "message_preferences", user, before, after)
    return after
