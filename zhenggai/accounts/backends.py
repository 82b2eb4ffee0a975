"""The session's user, loaded with their organisation: its path scopes every list
(zhenggai.access), so scoping costs no query of its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class Backend(ModelBackend):
    def get_user(self, user_id):
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("organisation").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
