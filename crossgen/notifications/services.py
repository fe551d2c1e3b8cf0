"""Sending email. Every message goes through Django's configured mailer
(console in the demo, SMTP in production) and is recorded in the outbox, after
the surrounding transaction commits: a rolled-back change sends nothing."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from crossgen.notifications.models import OutboxMessage
from crossgen.tenancy.models import Organization


def email_send(
    *,
    organization: Organization,
    to: str,
    subject: str,
    body: str,
    kind: str,
    attachment_name: str = "",
    attachment: str = "",
    attachment_mimetype: str = "text/calendar",
) -> OutboxMessage:
    """Record the message now; deliver it once the current transaction commits."""
    message = OutboxMessage.objects.create(
        organization=organization,
        to=to,
        subject=subject[:200],
        body=body,
        kind=kind,
        attachment_name=attachment_name,
        attachment=attachment,
    )
    transaction.on_commit(partial(_deliver, message.pk, attachment_mimetype))
    return message


def _deliver(message_id: int, attachment_mimetype: str) -> None:
    message = OutboxMessage.unscoped.get(pk=message_id)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.attachment_name:
        email.attach(message.attachment_name, message.attachment, attachment_mimetype)
    try:
        email.send()
    except OSError as error:  # SMTP down: keep the record, say why, let an operator resend
        OutboxMessage.unscoped.filter(pk=message_id).update(error=str(error)[:2000])
    else:
        OutboxMessage.unscoped.filter(pk=message_id).update(sent_at=timezone.now())
