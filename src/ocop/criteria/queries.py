"""Reads of rulebooks and score sheets that other apps reuse."""

import datetime

from .models import Rulebook, ScoreSheet


def rulebook_in_force(date: datetime.date) -> Rulebook | None:
    """The rulebook governing a dossier submitted on `date`: the newest one already in force
    that day (an amending rulebook such as 1489/2025 supersedes the one it amends). None before
    the first rulebook."""
    return Rulebook.objects.filter(effective_from__lte=date).order_by("-effective_from").first()


def sheets_of(rulebook: Rulebook):
    """The score sheets a rulebook is scored with: its own, or those of `sheets_from`."""
    return ScoreSheet.objects.filter(rulebook_id=rulebook.sheet_rulebook.pk).order_by("set_no")
