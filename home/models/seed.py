from django.db import models


class SeedRecord(models.Model):
    """What the seed loader published for one piece of seed content.

    Lets `load_seed_content` tell its own content from an editor's: a page or
    film whose latest revision is not the one recorded here has been changed in
    the admin and is left alone; one deleted in the admin is not brought back.
    The same goes for the partner organisations it publishes.
    Redirects have no revisions: the fingerprint of the redirect as the loader
    saved it tells whether an editor has changed it since.
    """

    key = models.SlugField(max_length=100, unique=True)
    page = models.OneToOneField(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    film = models.OneToOneField("home.Film", null=True, on_delete=models.SET_NULL, related_name="+")
    partner = models.OneToOneField(
        "home.Partner", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    redirect = models.OneToOneField(
        "wagtailredirects.Redirect", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
