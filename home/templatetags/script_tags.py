"""The page's one inline script, kept in one place with the hash that allows it."""

from django import template
from django.utils.safestring import mark_safe

from home.middleware import JS_DETECTION_SCRIPT

register = template.Library()


@register.simple_tag
def js_detection_script():
    # A constant, never visitor input: safe to write into the page unescaped.
    return mark_safe(f"<script>{JS_DETECTION_SCRIPT}</script>")
