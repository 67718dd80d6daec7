"""Signals of the registry that other apps listen to."""

from django.dispatch import Signal

# Sent by `domain.change_producer_status` inside its transaction, once the new status is saved
# and audited: sender=Producer, producer=, from_status=, to_status=, date=, actor=, reason=.
# A receiver's exception undoes the status change (revocations proposes cases on it).
producer_status_changed = Signal()
