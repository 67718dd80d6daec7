"""Public pages of the rulebooks (no login: the rulebooks are published law)."""

from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("rulebooks/", views.rulebook_list, name="rulebook_list"),
    path("rulebooks/compare/", views.compare, name="compare"),
    path("rulebooks/<slug:slug>/", views.rulebook_detail, name="rulebook_detail"),
    path("rulebooks/<slug:slug>/sheets/<int:set_no>/", views.sheet_detail, name="sheet_detail"),
    path(
        "rulebooks/<slug:slug>/sheets/<int:set_no>/calculator/",
        views.calculator,
        name="calculator",
    ),
]
