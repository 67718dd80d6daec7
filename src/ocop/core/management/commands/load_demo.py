from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.core.errors import DomainError
from ocop.demo.builder import build_demo


class Command(BaseCommand):
    help = (
        "Load the deterministic demo province (Đà Nẵng with the former Quảng Nam): producers, "
        "products, demo accounts (password 'ocop-demo'), their recognitions since 2019 and the "
        "current round with its council and dossiers in every state. Idempotent. Needs "
        "load_units and load_rulebooks first; refused when DEBUG is off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even when DEBUG is off (demo data must not reach production by accident)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Dữ liệu demo chỉ được nạp khi bật DEBUG (tránh lẫn vào hệ thống thật); "
                    "dùng --force nếu thật sự cần."
                )
            )
        try:
            summary = build_demo()
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                _(
                    "Dữ liệu demo: %(producers)d chủ thể (tạo mới %(producers_created)d, "
                    "%(legacy)d ghi trên đơn vị trước 2025), %(products)d sản phẩm (tạo mới "
                    "%(products_created)d), %(status)d thay đổi tình trạng mới, %(accounts)d tài "
                    "khoản demo (tạo mới %(accounts_created)d)."
                )
                % {
                    "producers": summary.producers,
                    "producers_created": summary.producers_created,
                    "legacy": summary.legacy_recorded,
                    "products": summary.products,
                    "products_created": summary.products_created,
                    "status": summary.status_changes_created,
                    "accounts": summary.accounts,
                    "accounts_created": summary.accounts_created,
                }
            )
            past, now = summary.history, summary.programme
            self.stdout.write(
                _(
                    "Lịch sử: %(rounds)d đợt, %(dossiers)d hồ sơ, %(decisions)d quyết định, "
                    "%(certificates)d giấy chứng nhận mới. Đợt hiện tại: %(current)d hồ sơ, "
                    "%(sheets)d phiếu chấm, %(issued)d giấy chứng nhận mới."
                )
                % {
                    "rounds": past.rounds if past else 0,
                    "dossiers": past.dossiers if past else 0,
                    "decisions": past.decisions if past else 0,
                    "certificates": past.certificates if past else 0,
                    "current": now.dossiers if now else 0,
                    "sheets": now.sheets if now else 0,
                    "issued": now.certificates if now else 0,
                }
            )
            cases, plans, lifecycle = summary.revocations, summary.inspections, summary.lifecycle
            self.stdout.write(
                _(
                    "Sau công nhận: %(cases)d hồ sơ thu hồi mới, %(visits)d lượt kiểm tra, "
                    "%(findings)d phát hiện, %(extended)d giấy đang gia hạn, %(window)d giấy "
                    "đến kỳ phân hạng lại, %(reminders)d lời nhắc."
                )
                % {
                    "cases": (cases.opened if cases else 0)
                    + (plans.revocation_cases if plans else 0),
                    "visits": plans.visits if plans else 0,
                    "findings": plans.findings if plans else 0,
                    "extended": lifecycle.extended if lifecycle else 0,
                    "window": lifecycle.window_open if lifecycle else 0,
                    "reminders": lifecycle.reminders if lifecycle else 0,
                }
            )
