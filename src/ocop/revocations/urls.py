"""Pages of revocation cases (namespace "revocations", included under `/revocations/`)."""

from django.urls import path

from . import views

app_name = "revocations"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("food-safety/", views.follow_up, name="follow-up"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/decide/", views.case_decide, name="decide"),
    path("<int:pk>/dismiss/", views.case_dismiss, name="dismiss"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
