"""A product's filled-in score sheet, to print (the blank sheets are the criteria app's)."""

from django.urls import path

from . import printing

urlpatterns = [
    path("products/<int:pk>/sheet/", printing.product_sheet, name="product_sheet"),
    path("products/<int:pk>/sheet.pdf", printing.product_sheet_pdf, name="product_sheet_pdf"),
]
