"""Who may delete and move pages.

Wagtail lets anyone who may edit and publish a page delete it, and ties moving
a page to being allowed to delete it. On this site only administrators
(superusers) delete pages, so that every deletion goes through the screen that
lists the pages linking to it and offers a redirect; publishers keep moving
pages, which Wagtail follows with redirects of its own.
"""

from wagtail.models import PagePermissionTester


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
