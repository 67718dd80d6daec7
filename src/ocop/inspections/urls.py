"""Pages of post-recognition inspections, under `/inspections/` (namespace "inspections")."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/targets/", views.target_add, name="target-add"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("<int:pk>/visits/<int:visit_pk>/", views.visit_detail, name="visit"),
    path("<int:pk>/visits/<int:visit_pk>/findings/", views.finding_create, name="finding-create"),
    path(
        "<int:pk>/visits/<int:visit_pk>/findings/<int:finding_pk>/refer/",
        views.finding_refer,
        name="finding-refer",
    ),
    path(
        "<int:pk>/visits/<int:visit_pk>/findings/<int:finding_pk>/evidence/",
        views.finding_evidence,
        name="finding-evidence",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
