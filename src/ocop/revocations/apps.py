from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevocationsConfig(AppConfig):
    name = "ocop.revocations"
    verbose_name = _("Thu hồi giấy chứng nhận")
