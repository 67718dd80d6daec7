from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "ocop.certification"
    verbose_name = _("Công nhận và giấy chứng nhận")
