from django.contrib.admin.apps import AdminConfig


class OcopAdminConfig(AdminConfig):
    """Django's admin with the OCOP site (superusers only)."""

    default_site = "ocop.core.admin_site.OcopAdminSite"
