"""{% stored_picture %}: Wagtail's {% picture %}, left out when the picture's file is lost.

Wagtail draws a broken image with an empty address when an image's original file
has gone from storage; visitors would see a broken-picture icon and screen
readers its alt text for nothing. This tag writes nothing instead (the page's
words stay), and logs it so someone can upload the picture again.
"""

import logging

from django import template
from django.template.base import Token

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

logger = logging.getLogger(__name__)
register = template.Library()


class StoredPictureNode(PictureNode):
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = get_renditions_or_not_found(image, self.get_filters())
        # Wagtail's stand-in for a rendition it could not draw has no size.
        if any(not rendition.width for rendition in renditions.values()):
            logger.warning("The file of image %s (%r) is missing.", image.pk, image.title)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        return Picture(renditions, attrs).__html__()


@register.tag
def stored_picture(parser, token):
    """Takes exactly what {% picture %} takes (not its `as` form)."""
    name, _, rest = token.contents.partition(" ")
    node = parse_image_tag(parser, Token(token.token_type, f"picture {rest}"))
    if node.output_var_name:
        raise template.TemplateSyntaxError(f"{name} does not take 'as'; use {{% picture %}}.")
    return StoredPictureNode(node.image_expr, node.filter_specs, attrs=node.attrs)
