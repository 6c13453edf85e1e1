"""How each operation shows a contact, read from the spec's `x-contact`: the docs' wrapper and keys per endpoint.

The docs show a different subset of the contact on each endpoint (the list and lookups 11 keys, open adds
`closedAt`, close and update_funnel add `funnelId` and `team` but drop `conversationHref`) and wrap it as an
object on some and a one-item array on others (research notes C1). The spec records each example's choice; the
`callbell_contact_shape` setting may force one wrapper everywhere, never the keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hamta.openapi import ApiSpec, resolve
from mockserver.routing import StartupError

__all__ = ["SHAPES", "ContactView", "ContactViews"]

# The setting's values and the wrapper each forces (None: the documented one).
SHAPES: Mapping[str, str | None] = {"docs": None, "object": "object", "array": "array", "legacy-array": "array"}


@dataclass(frozen=True)
class ContactView:
    shape: str
    keys: tuple[str, ...]
    field_types_keys: tuple[str, ...]

    def show(self, rendered: Mapping[str, Any], *, field_types: bool = False) -> dict[str, Any]:
        """The documented keys of a fully rendered contact (a key it lacks, like `bsuid`, stays out)."""
        keys = self.field_types_keys if field_types and self.field_types_keys else self.keys
        return {key: rendered[key] for key in keys if key in rendered}

    def envelope(self, rendered: Mapping[str, Any], *, field_types: bool = False) -> dict[str, Any]:
        shown = self.show(rendered, field_types=field_types)
        return {"contact": [shown] if self.shape == "array" else shown}


class ContactViews:
    def __init__(self, spec: ApiSpec, setting: str) -> None:
        if setting not in SHAPES:
            raise StartupError(f"callbell_contact_shape must be one of {tuple(SHAPES)}, not {setting!r}")
        forced = SHAPES[setting]
        known = set(resolve(spec.document, {"$ref": "#/components/schemas/Contact"})["properties"])
        self._views: dict[str, ContactView] = {}
        for operation in spec.operations:
            declared = operation.raw.get("x-contact")
            if declared is None:
                continue
            keys = tuple(declared["keys"])
            field_types_keys = tuple(declared.get("field-types-keys", ()))
            unknown = set(keys + field_types_keys) - known
            if unknown:
                raise StartupError(f"{operation.operation_id}: x-contact keys {sorted(unknown)} are not Contact's")
            shape = forced or declared.get("shape", "object")
            self._views[operation.operation_id] = ContactView(shape, keys, field_types_keys)

    def __getitem__(self, operation_id: str) -> ContactView:
        view = self._views.get(operation_id)
        if view is None:
            raise StartupError(f"{operation_id} answers a contact but the spec gives it no x-contact")
        return view
