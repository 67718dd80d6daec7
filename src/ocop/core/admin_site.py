from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OcopAdminSite(admin.AdminSite):
    """Django's admin, for system administrators only.

    The admin shows every record without the scope of the user's roles, so only superusers
    (whose scope is national) may use it; officers work in the application's own pages."""

    site_header = _("Quản trị OCOP")
    site_title = _("Quản trị OCOP")
    index_title = _("Danh mục quản trị")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.is_superuser
