"""Public pages verifying a certificate (the QR code on the paper leads here)."""

from django.urls import path

from . import verify_views

app_name = "verify"

urlpatterns = [
    path("verify/", verify_views.verify_search, name="search"),
    # Certificate numbers contain "/" ("12/2026/GCN-OCOP-48").
    path("verify/<path:number>", verify_views.verify_certificate, name="certificate"),
]
