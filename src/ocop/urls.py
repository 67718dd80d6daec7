from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("ocop.accounts.urls")),
    path("api/", include("ocop.api.urls")),
    path("", include("ocop.criteria.urls")),
    path("", include("ocop.criteria.print_urls")),
    path("", include("ocop.certification.verify_urls")),
    path("", include("ocop.certification.urls")),
    path("inbox/", include("ocop.notifications.urls")),
    path("revocations/", include("ocop.revocations.urls")),
    path("inspections/", include("ocop.inspections.urls")),
    path("", include("ocop.evaluation.urls")),
    path("", include("ocop.registry.urls")),
    path("", include("ocop.core.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
