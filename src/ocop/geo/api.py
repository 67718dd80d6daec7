from rest_framework import viewsets


class UnitViewSet(viewsets.GenericViewSet):
    """Placeholder, replaced by the geo work."""
