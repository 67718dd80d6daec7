"""Permission classes of the API. Visibility is the `*_for_user` queryset of each view (outside
it: 404); what a user may change on a visible object is a django-rules permission (else 403)."""

from rest_framework.permissions import BasePermission


class RulesPermission(BasePermission):
    """Signed in; each write action needs the django-rules permission named by the view.

    The view declares `action_permissions = {action: "app.perm"}`; actions listed in
    `objectless_actions` (default: `create`) are checked without an object, the others against
    the object `get_object()` returns (already limited to the caller's scope).
    """

    def _perm(self, view) -> str | None:
        return getattr(view, "action_permissions", {}).get(getattr(view, "action", None))

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        perm = self._perm(view)
        if perm and view.action in getattr(view, "objectless_actions", ("create",)):
            return user.has_perm(perm)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self._perm(view)
        if perm is None or view.action in getattr(view, "objectless_actions", ("create",)):
            return True
        return request.user.has_perm(perm, obj)
