from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class OcopModelBackend(ModelBackend):
    """Username/password sign-in that refuses demo accounts unless DEBUG is on."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)
