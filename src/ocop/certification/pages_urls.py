"""Pages of recognition decisions, certificates and the re-ranking list (namespace
"certification", see urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("decisions/<int:pk>/discard/", views.decision_discard, name="decision-discard"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("certificates/reranking/", views.rerank_list, name="reranking"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/rerank/", views.certificate_rerank, name="certificate-rerank"),
]
