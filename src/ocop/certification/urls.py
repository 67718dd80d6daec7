"""The "certification" namespace: the decision and certificate pages and their PDFs."""

from . import pages_urls, print_urls

app_name = "certification"

urlpatterns = [*pages_urls.urlpatterns, *print_urls.urlpatterns]
