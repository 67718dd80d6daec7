from django.urls import path

from . import print_views

urlpatterns = [
    path(
        "certificates/<int:pk>/certificate.pdf",
        print_views.certificate_pdf_view,
        name="certificate-pdf",
    ),
    path(
        "certificates/<int:pk>/labels.pdf",
        print_views.labels_pdf_view,
        name="certificate-labels-pdf",
    ),
    path(
        "decisions/<int:pk>/decision.pdf",
        print_views.decision_pdf_view,
        name="decision-pdf",
    ),
]
