from rest_framework import viewsets


class ProducerViewSet(viewsets.GenericViewSet):
    """Placeholder, replaced by the API work."""


class ProductViewSet(viewsets.GenericViewSet):
    """Placeholder, replaced by the API work."""
