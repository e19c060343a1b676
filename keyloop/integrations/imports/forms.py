"""The upload form, and the column-mapping form of a generic import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .models import ImportFormat
from .sources import GENERIC_FIELDS


class UploadForm(forms.Form):
    format = forms.ChoiceField(
        label="Exported from", choices=ImportFormat.choices, initial=ImportFormat.CANNY,
        widget=forms.RadioSelect,
    )  # fmt: skip
    file = forms.FileField(
        label="File",
        help_text="A CSV file, or a zip of the CSV files of one export.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.zip,text/csv,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; "
                f"{filesizeformat(settings.IMPORT_MAX_BYTES)} at most."
            )
        return upload


class MappingForm(forms.Form):
    """One select per field, offering the file's columns; guesses preselected."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in the file —"), *((h, h) for h in headers)]
        for key, (label, _) in GENERIC_FIELDS.items():
            self.fields[key] = forms.ChoiceField(
                label=label + (" (required)" if key == "text" else ""), choices=choices,
                required=key == "text", initial=initial_mapping.get(key, ""),
            )  # fmt: skip
        self.fields["text"].error_messages["required"] = "Choose the column with the feedback."

    def mapping(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}
