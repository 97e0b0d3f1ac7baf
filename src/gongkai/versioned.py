"""Versioned definitions: a YAML text the office can edit, stored as written, with its history.

Four kinds share this (update standards, assessment schemes, letter templates, bulletin
templates). Each kind is a model that subclasses `VersionedDefinition` and says how its text is
parsed (its pure parser, which raises `UserError` in Chinese) and which parsed values identify a
version and fill its other columns. Everything else is here once: storing a text (`store`), the
current text (`current_text`), and the edit form (`DefinitionForm`), so a kind cannot store a
text its parser refuses.
"""

from pathlib import Path
from typing import Any, ClassVar, Self

from django import forms
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.errors import UserError


class VersionedDefinition(models.Model):
    definition = models.TextField("定义（YAML）")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    # The kind's name in messages, and the file shipped with Gongkai (None: no default text).
    what: ClassVar[str] = "定义"
    bundled: ClassVar[Path | None] = None

    class Meta:
        abstract = True

    @classmethod
    def parse(cls, text: str, source: str) -> Any:
        """The parsed definition; UserError (in Chinese, naming `source`) if it cannot be used."""
        raise NotImplementedError

    @classmethod
    def identity(cls, parsed: Any) -> dict[str, Any]:
        """The values that pick the stored version a text replaces; {} when the newest record is
        the one in use (templates)."""
        return {}

    @classmethod
    def columns(cls, parsed: Any) -> dict[str, Any]:
        """Other columns read from the definition (its title, …)."""
        return {}

    @classmethod
    def store(cls, text: str, *, source: str | None = None) -> Self:
        """Parse `text` and keep it as the version it identifies (history keeps the old one)."""
        parsed = cls.parse(text, source or cls.what)
        identity = cls.identity(parsed)
        if identity:
            record = cls.objects.filter(**identity).first() or cls(**identity)
        else:
            record = cls.objects.order_by("-updated_at").first() or cls()
        record.fill(text, parsed)
        record.save()
        return record

    def fill(self, text: str, parsed: Any) -> None:
        self.definition = text
        for name, value in {**self.identity(parsed), **self.columns(parsed)}.items():
            setattr(self, name, value)

    @classmethod
    def current_text(cls) -> str:
        """The newest stored text, else the bundled one ('' if the kind has none)."""
        record = cls.objects.order_by("-updated_at").first()
        if record is not None:
            return record.definition
        return cls.bundled.read_text(encoding="utf-8") if cls.bundled else ""


class DefinitionForm(forms.ModelForm):
    """Edit a definition's text; the kind's parser checks it and fills the columns it decides."""

    class Meta:
        fields = ["definition"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("definition", type(self.instance).current_text())

    def clean_definition(self) -> str:
        text = self.cleaned_data["definition"]
        model = type(self.instance)
        try:
            parsed = model.parse(text, model.what)
        except UserError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.instance.fill(text, parsed)
        return text


def definition_form(model: type[VersionedDefinition]) -> type[DefinitionForm]:
    """The edit form of one kind (for its admin page)."""
    return forms.modelform_factory(model, form=DefinitionForm, fields=["definition"])
