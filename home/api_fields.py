"""Serializers for the API fields of aims and programmes (see home/api.py and docs/api.md).

Kept apart from the API's views so models can use them without importing views.
"""

from rest_framework import serializers


class LivePagesField(serializers.Field):
    """Related pages, as partners see them: only live, public ones, with their addresses."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, related):
        request = self.context.get("request")
        pages = related.all().live().public().order_by("path")
        return [
            {"id": page.pk, "title": page.title, "html_url": page.get_full_url(request)}
            for page in pages
        ]


class LivePartnersField(serializers.Field):
    """A programme's partner organisations: published ones only."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, related):
        return [
            {
                "name": partner.name,
                "type": partner.get_partner_type_display(),
                "website": partner.website,
            }
            for partner in related.filter(live=True).order_by("sort_order", "name")
        ]


class ShortUrlField(serializers.Field):
    """The page's permanent link, /p/<id>/, which survives renames and moves."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, page):
        return page.get_short_url(self.context.get("request"))
