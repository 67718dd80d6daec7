import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.certification.tasks import send_rerank_reminders


def _day(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CommandError(
            _("Ngày không hợp lệ: %(value)s (định dạng YYYY-MM-DD).") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Send the re-ranking reminders due today (window open; closing soon) by e-mail and in "
        "the inbox, to the producer's accounts and the commune officers. Each reminder goes out "
        "once: running it again, or twice at once, sends nothing more; a missed day is caught "
        "up. Meant for a daily cron; --enqueue hands the work to the tasks worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="the day to send for, YYYY-MM-DD (default: today)", default=None
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the task for the worker (python -m ocop db_worker) instead of running it",
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        day = _day(date) if date else None
        if enqueue:
            result = send_rerank_reminders.enqueue(today_iso=day)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    _("Đã đưa việc gửi nhắc nhở phân hạng lại vào hàng đợi (mã %(id)s).")
                    % {"id": result.id}
                )
            return
        summary = send_rerank_reminders.call(today_iso=day)
        if options["verbosity"] >= 1:
            self.stdout.write(
                _(
                    "Nhắc nhở phân hạng lại ngày %(day)s: %(open)d mở thời hạn, %(soon)d sắp hết "
                    "thời hạn, %(people)d lượt người nhận; %(skipped)d đã gửi trước đó."
                )
                % {
                    "day": summary["day"],
                    "open": summary["window_open"],
                    "soon": summary["closing_soon"],
                    "people": summary["recipients"],
                    "skipped": summary["already_sent"],
                }
            )
