from django.db import models


class ContentVersion(models.Model):
    """A number that moves on whenever visitors could see a change (see home/cache.py).

    Kept in the database when the cache is not shared between web workers, so
    that every worker throws away what it kept from before a change.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.number)
