"""Revocation proposals made on events of other apps."""

from . import domain


def propose_on_status_change(sender, *, producer, to_status, date, actor, reason="", **kwargs):
    """A producer that ceased, was dissolved or lost its licence: propose revoking each of its
    current certificates (registry.signals.producer_status_changed, inside the change's
    transaction)."""
    domain.propose_for_status(producer, to_status=to_status, date=date, actor=actor, reason=reason)
