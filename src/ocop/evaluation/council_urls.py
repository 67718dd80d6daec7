"""Pages of rounds, councils, the council's scoring and the province's settings."""

from django.urls import path

from . import council_views as views

urlpatterns = [
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("councils/", views.council_list, name="councils"),
    path("councils/new/", views.council_create, name="council-create"),
    path("councils/<int:pk>/", views.council_detail, name="council"),
    path("councils/<int:pk>/members/add/", views.council_member_add, name="council-member-add"),
    path(
        "councils/<int:pk>/members/<int:member_pk>/remove/",
        views.council_member_remove,
        name="council-member-remove",
    ),
    path("dossiers/<int:pk>/scoring/", views.scoring_sheet, name="scoring"),
    path("dossiers/<int:pk>/scoring/save/", views.scoring_save, name="scoring-save"),
    path("dossiers/<int:pk>/scoring/conflict/", views.conflict_declare, name="conflict-declare"),
    path("dossiers/<int:pk>/scoring/finalize/", views.scoring_finalize, name="scoring-finalize"),
    path(
        "dossiers/<int:pk>/scoring/sheets/<int:sheet_pk>/reopen/",
        views.sheet_reopen,
        name="sheet-reopen",
    ),
    path("province-settings/", views.province_settings, name="province-settings"),
]
