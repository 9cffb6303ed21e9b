"""The image library's form (WAGTAILIMAGES_IMAGE_FORM_BASE).

Kept apart from home/forms.py: Wagtail's image forms need the models loaded.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Pictures bigger than this are shrunk when uploaded (keeping their shape): no
# page shows them larger, and drawing each size for visitors from a huge
# original takes seconds and a lot of memory.
LARGEST_IMAGE_PIXELS = 20_000_000

UNREADABLE = (
    "This file is not a picture the site can read, or it is damaged (perhaps cut short "
    "while it was copied or downloaded). Open it on your computer, save it again as a "
    "JPEG or PNG, and upload that."
)


class ImageFileField(WagtailImageField):
    """Wagtail's image file field, answering a damaged file with a message, not an error page.

    Wagtail reads the picture's size after checking its type; a file cut short
    passes the first and fails the second with an exception of the imaging library.
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # The imaging library raises many kinds.
            raise ValidationError(UNREADABLE, code="invalid_image") from error


class ImageForm(BaseImageForm):
    """The image library's form: 'Description' is the alt text, and huge pictures shrink."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            # Wagtail makes the field itself; only how it reads the file changes.
            self.fields["file"].__class__ = ImageFileField
        if "description" in self.fields:
            self.fields["description"].label = "Alt text"
            self.fields["description"].help_text = (
                "Describe what the picture shows for people who cannot see it, in a short "
                "sentence. Used wherever the picture appears, unless a page gives its own. "
                "Leave it empty only for a purely decorative picture."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                check_whole_picture(upload)
                upload = shrink_if_huge(upload)
            except Exception as error:  # The imaging library raises many kinds.
                raise ValidationError(UNREADABLE, code="invalid_image") from error
        return upload


def check_whole_picture(upload: UploadedFile) -> None:
    """Decode the picture through to its end, so that a file cut short is refused now,
    not found out when a page first needs it drawn at another size."""
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        # A JPEG decodes at a fraction of its size, quickly; the end of the file is
        # still read.
        image.draft("RGB", (1024, 1024))
        image.load()
    upload.seek(0)


def shrink_if_huge(upload: UploadedFile) -> UploadedFile:
    """The upload itself, or a copy shrunk to LARGEST_IMAGE_PIXELS in the same format."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        width, height = image.size
        if width * height <= LARGEST_IMAGE_PIXELS or image.format not in {"JPEG", "PNG", "WEBP"}:
            upload.seek(0)
            return upload
        image_format = image.format
        icc_profile = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)
        scale = (LARGEST_IMAGE_PIXELS / (width * height)) ** 0.5
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        shrunk = image.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            options.update(quality=90, optimize=True)
            shrunk = shrunk.convert("RGB")
        elif image_format == "WEBP":
            options.update(quality=90)
        else:
            options.update(optimize=True)
        shrunk.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(upload.name, buffer.getvalue(), upload.content_type)
