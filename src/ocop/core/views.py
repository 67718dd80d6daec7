from django.http import HttpResponse


def home(request):
    """Placeholder, replaced by the UI work."""
    return HttpResponse("OCOP")
