from rest_framework.views import APIView


class HealthView(APIView):
    """Placeholder, replaced by the API work."""


class ObtainTokenView(APIView):
    """Placeholder, replaced by the API work."""


class AuditListView(APIView):
    """Placeholder, replaced by the API work."""
