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
    path("products/<int:pk>/sheet/", printing.product_sheet, name="product_sheet"),
    path("products/<int:pk>/sheet.pdf", printing.product_sheet_pdf, name="product_sheet_pdf"),
]
