"""The document library's form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a size limit with a clear message.

Kept apart from home/forms.py: Wagtail's document forms need the models loaded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    """The document library's form: files over LAHP_DOCUMENT_MAX_UPLOAD_MB are refused."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit_mb = settings.LAHP_DOCUMENT_MAX_UPLOAD_MB
        size = getattr(upload, "size", None)
        # Only a new upload: a document already in the library keeps its file.
        is_new = upload is not None and upload != self.original_file
        if is_new and size is not None and size > limit_mb * 1024 * 1024:
            raise ValidationError(
                f"This file is {size / (1024 * 1024):.1f} MB; documents can be at most "
                f"{limit_mb} MB. Make it smaller (for a PDF, export it again with images "
                "compressed) or split it into parts.",
                code="file_too_large",
            )
        return upload

    def _post_clean(self):
        # With the file refused, Wagtail's own check of its extension sees no file and
        # adds a confusing second message ("File extension '' is not allowed").
        refused = list(self._errors.get("file", []))
        super()._post_clean()
        if refused:
            self._errors["file"] = self.error_class(refused)
