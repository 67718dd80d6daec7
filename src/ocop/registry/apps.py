from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ocop.registry"
    verbose_name = _("Chủ thể và sản phẩm")

    def ready(self):
        from ocop.criteria.signals import rulebooks_loaded

        from .reference import sync_rulebook_product_sets

        rulebooks_loaded.connect(sync_rulebook_product_sets, dispatch_uid="registry.product_sets")
