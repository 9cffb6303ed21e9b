"""The image library's form (WAGTAILIMAGES_IMAGE_FORM_BASE).

Kept apart from home/forms.py: Wagtail's image forms need the models loaded.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from wagtail.images.forms import BaseImageForm

# Pictures bigger than this are shrunk when uploaded (keeping their shape): no
# page shows them larger, and drawing each size for visitors from a huge
# original takes seconds and a lot of memory.
LARGEST_IMAGE_PIXELS = 20_000_000


class ImageForm(BaseImageForm):
    """The image library's form: 'Description' is the alt text, and huge pictures shrink."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
            upload = shrink_if_huge(upload)
        return upload


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
