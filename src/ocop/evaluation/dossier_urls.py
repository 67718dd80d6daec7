from django.urls import path

from . import dossier_views

urlpatterns = [
    path("dossiers/", dossier_views.dossier_list, name="dossiers"),
    path("dossiers/mine/", dossier_views.my_dossiers, name="my-dossiers"),
    path("dossiers/<int:pk>/", dossier_views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/edit/", dossier_views.dossier_edit, name="dossier-edit"),
    path(
        "dossiers/<int:pk>/actions/<slug:action>/",
        dossier_views.dossier_action,
        name="dossier-action",
    ),
    path(
        "products/<int:product_pk>/dossiers/new/",
        dossier_views.dossier_create,
        name="dossier-create",
    ),
    path("evidence/<int:pk>/", dossier_views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", dossier_views.evidence_delete, name="evidence-delete"),
]
