"""The CSV import's upload form: one file, refused by its declared size before it is read."""

from __future__ import annotations

from django import forms

from deals.csv_rows import MAX_BYTES, MAX_ROWS
from deals.text import RefuseControlCharacters


class UploadForm(RefuseControlCharacters, forms.Form):
    file = forms.FileField(label="CSV file", help_text=f"UTF-8, at most {MAX_ROWS} rows")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        # Refused by its declared size, before a byte of a 50 MB file is read.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.0f} MB; at most {MAX_BYTES // 2**20} MB."
            )
        return upload
