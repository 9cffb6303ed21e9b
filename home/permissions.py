"""Who may delete and move pages, and delete images and documents.

Wagtail lets anyone who may edit and publish a page delete it, and ties moving
a page to being allowed to delete it. On this site only administrators
(superusers) delete pages, so that every deletion goes through the screen that
lists the pages linking to it and offers a redirect; publishers keep moving
pages, which Wagtail follows with redirects of its own.
"""

from django.contrib.auth import get_user_model

from wagtail.models import Collection, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class SitePagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        if self.user.is_superuser:
            return super().can_move()
        # Wagtail's own rule for moving (the one it uses for deleting), for
        # people who may publish: moving a page changes live addresses.
        return (
            self.user.is_active
            and "publish" in self.permissions
            and super().can_delete(ignore_bulk=True)
        )


class DeletingNeedsPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Who may do what with images and documents: deleting one takes the right to delete.

    Wagtail lets anyone who may edit an image or document (its uploader, or anyone
    who may change the collection's) delete it too. On this site editors upload and
    edit them but only publishers and administrators delete them, so a picture or
    file that pages use is never lost to an editor's tidy-up.
    """

    def user_has_permission(self, user, action):
        if action == "delete":
            return self._check_perm(user, ["delete"])
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others = _other_than_delete(actions)
        users = super().users_with_any_permission(others) if others else _users().none()
        if "delete" in actions:
            users = users | self._users_with_perm(["delete"])
        return users.distinct()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and self._check_perm(
            user, ["delete"], collection=instance.collection
        ):
            return True
        others = _other_than_delete(actions)
        return bool(others) and super().user_has_any_permission_for_instance(user, others, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        others = _other_than_delete(actions)
        instances = self.model._default_manager.none()
        if others:
            instances = super().instances_user_has_any_permission_for(user, others)
        if "delete" in actions:
            instances = instances | self.model._default_manager.filter(
                collection__in=self.collections_user_has_any_permission_for(user, ["delete"])
            )
        return instances

    def users_with_any_permission_for_instance(self, actions, instance):
        others = _other_than_delete(actions)
        users = _users().none()
        if others:
            users = super().users_with_any_permission_for_instance(others, instance)
        if "delete" in actions:
            users = users | self._users_with_perm(["delete"], collection=instance.collection)
        return users.distinct()

    def collections_user_has_any_permission_for(self, user, actions):
        others = _other_than_delete(actions)
        collections = Collection.objects.none()
        if others:
            collections = super().collections_user_has_any_permission_for(user, others)
        if "delete" in actions and user.is_active and user.is_authenticated:
            if user.is_superuser:
                return Collection.objects.all()
            collections = collections | self._collections_with_perm(user, ["delete"])
        return collections


def _other_than_delete(actions) -> list[str]:
    return [action for action in actions if action != "delete"]


def _users():
    return get_user_model().objects
