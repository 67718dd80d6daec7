from . import council_urls, dossier_urls, print_urls

app_name = "evaluation"

urlpatterns = [
    *dossier_urls.urlpatterns,
    *council_urls.urlpatterns,
    *print_urls.urlpatterns,
]
