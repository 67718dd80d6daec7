"""Background work of certification, run by the tasks worker (`python -m ocop db_worker`)."""

import datetime

from django_tasks import task

from . import reranking


@task()
def send_rerank_reminders(today_iso: str | None = None) -> dict:
    """Send the re-ranking reminders due on `today_iso` (ISO date; today when omitted). Safe to
    run twice or at the same time as another run: each reminder goes out once."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else None
    return reranking.send_reminders(today).as_dict()
