from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevocationsConfig(AppConfig):
    name = "ocop.revocations"
    verbose_name = _("Thu hồi giấy chứng nhận")

    def ready(self):
        from ocop.registry.models import Producer
        from ocop.registry.signals import producer_status_changed

        from .receivers import propose_on_status_change

        producer_status_changed.connect(
            propose_on_status_change, sender=Producer, dispatch_uid="revocations.status_change"
        )
