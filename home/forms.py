"""Admin forms: what editors see and what is checked when they save."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

# Titles appear as headings, on cards, in browser tabs, in search results and on
# shared links: past this many characters they are cut off on phones.
TITLE_LIMIT = 80
TITLE_HELP = (
    f"Up to {TITLE_LIMIT} characters, so it fits on phones, in search results and on shared links."
)


def limit_title(form, name: str = "title") -> None:
    """Give a form's title field its limit: the help text, and a counter (character-count.js)."""
    field = form.fields.get(name)
    if field is None:
        return
    field.help_text = " ".join(filter(None, [str(field.help_text or ""), TITLE_HELP]))
    field.widget.attrs["data-character-limit"] = TITLE_LIMIT


def check_title_length(value: str) -> str:
    if value and len(value) > TITLE_LIMIT:
        raise ValidationError(
            f"Shorten the title to {TITLE_LIMIT} characters or fewer: it has {len(value)}. "
            "Longer titles are cut off on phones and in search results.",
            code="too_long",
        )
    return value


class SitePageForm(WagtailAdminPageForm):
    """Every page's editor: titles with a limit and a counter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_title(self)

    def clean_title(self):
        return check_title_length(self.cleaned_data.get("title", ""))
