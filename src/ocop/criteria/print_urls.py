"""The blank score sheets, printable (public). A product's filled-in sheet is printed by
`ocop.evaluation.printing`."""

from django.urls import path

from . import printing

app_name = "criteria_print"

urlpatterns = [
    path(
        "rulebooks/<slug:slug>/sheets/<int:set_no>/print/",
        printing.sheet_print,
        name="sheet_print",
    ),
    path(
        "rulebooks/<slug:slug>/sheets/<int:set_no>/print.pdf",
        printing.sheet_pdf,
        name="sheet_pdf",
    ),
]
