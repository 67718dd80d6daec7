from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("producers/", views.producer_list, name="producer_list"),
    path("producers/new/", views.producer_create, name="producer_create"),
    path("producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", views.producer_edit, name="producer_edit"),
    path("producers/<int:pk>/delete/", views.producer_delete, name="producer_delete"),
    path("producers/<int:pk>/status/", views.producer_status, name="producer_status"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("products/<int:pk>/photos/", views.product_photos, name="product_photos"),
    path(
        "products/<int:pk>/photos/<int:photo_pk>/delete/",
        views.product_photo_delete,
        name="product_photo_delete",
    ),
    path("units/search/", views.unit_search, name="unit_search"),
]
