from ocop.accounts.scope import memberships_of


def navigation(request):
    """The signed-in user's roles, for the menu and the header."""
    user = getattr(request, "user", None)
    return {"user_memberships": memberships_of(user) if user is not None else []}
