from .services import unread_count


def unread_for_request(request) -> int:
    """The signed-in user's unread count, counted once per request."""
    cached = getattr(request, "_inbox_unread", None)
    if cached is None:
        cached = unread_count(getattr(request, "user", None))
        request._inbox_unread = cached
    return cached


def inbox(request):
    """`inbox_unread`: the number shown on the inbox badge of the menu."""
    return {"inbox_unread": unread_for_request(request)}
