"""The contract as the mock server reads it: ``openapi/liangxin.yaml``, parsed once.

Nothing in the mock restates a field: the model table, the input schemas, the cross-field
rules (``x-liangxin-rules``), the provider defaults (``x-provider-default``) and the size tables
(``x-liangxin-sizes``) all come from the document.

    >>> spec = load_spec()
    >>> sorted(spec.models)[:2]
    ['flux-2-pro', 'gemini-2.5-flash-image-preview']
    >>> spec.models["z-image"].provider_default("image_size")
    'square_hd'
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

__all__ = ["SPEC_ENV_VAR", "ModelInfo", "Spec", "default_spec_path", "load_spec"]

SPEC_ENV_VAR = "LIANGXIN_SPEC"

JsonObject = dict[str, Any]


def default_spec_path() -> Path:
    """``$LIANGXIN_SPEC``, else the repository's ``openapi/``, else the copy in the wheel."""
    if env := os.environ.get(SPEC_ENV_VAR):
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "openapi", here / "_openapi"):
        if (candidate / "liangxin.yaml").is_file():
            return candidate / "liangxin.yaml"
    raise FileNotFoundError(
        f"openapi/liangxin.yaml not found next to {str(here)!r}; set {SPEC_ENV_VAR}"
    )


@attrs.frozen
class ModelInfo:
    """One model of the createTask ``oneOf``: its id and schemas, read from the spec."""

    id: str
    request_schema: str
    input_schema: str
    input: JsonObject = attrs.field(repr=False)
    rules: tuple[JsonObject, ...] = attrs.field(repr=False)
    evidence: str
    is_video: bool

    def field(self, name: str) -> JsonObject:
        """The input property ``name``; its ``$ref`` target is merged under its own keys."""
        return dict(self.input.get("properties", {}).get(name, {}))

    def provider_default(self, name: str) -> Any:
        """The ``x-provider-default`` of input field ``name``, or ``None``."""
        return self.field(name).get("x-provider-default")


@attrs.frozen
class Spec:
    """The parsed OpenAPI document with lookups the mock and the tests need."""

    path: Path
    document: JsonObject = attrs.field(repr=False)
    models: Mapping[str, ModelInfo] = attrs.field(repr=False)

    @property
    def schemas(self) -> Mapping[str, JsonObject]:
        return self.document["components"]["schemas"]  # type: ignore[no-any-return]

    def schema(self, name: str) -> JsonObject:
        """The component schema ``name`` (raw, with ``$ref`` left in place)."""
        try:
            return dict(self.schemas[name])
        except KeyError:
            raise KeyError(f"no component schema {name!r} in {str(self.path)!r}") from None

    def json_schema(self, name: str) -> JsonObject:
        """A standalone JSON Schema (2020-12) for component ``name``.

        The document's ``components`` ride along under the same key, so the spec's own
        ``#/components/schemas/...`` references resolve unchanged.
        """
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **self.schema(name),
            "components": self.document["components"],
        }

    def resolve(self, node: Mapping[str, Any]) -> JsonObject:
        """Follow ``$ref`` chains within the document, merging sibling keywords on top."""
        merged: JsonObject = {}
        current: Mapping[str, Any] = node
        while "$ref" in current:
            siblings = {k: v for k, v in current.items() if k != "$ref"}
            merged = {**siblings, **merged}
            current = self._pointer(str(current["$ref"]))
        return {**current, **merged}

    def _pointer(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, got {ref!r}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node  # type: ignore[no-any-return]

    def enum_of(self, schema: Mapping[str, Any]) -> list[Any] | None:
        """The allowed values of a (possibly referenced) schema, or ``None``."""
        resolved = self.resolve(schema)
        if "enum" in resolved:
            return list(resolved["enum"])
        if "const" in resolved:
            return [resolved["const"]]
        return None

    def sizes_of(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """The ``x-liangxin-sizes`` table of a (possibly referenced) schema."""
        return dict(self.resolve(schema).get("x-liangxin-sizes", {}))


def _model_table(document: JsonObject) -> dict[str, ModelInfo]:
    schemas = document["components"]["schemas"]
    mapping: Mapping[str, str] = schemas["CreateTaskRequest"]["discriminator"]["mapping"]
    models: dict[str, ModelInfo] = {}
    for model_id, ref in mapping.items():
        request_name = ref.rsplit("/", 1)[-1]
        request = schemas[request_name]
        const = request["properties"]["model"].get("const")
        if const != model_id:
            raise ValueError(
                f"discriminator maps {model_id!r} to {request_name}, whose model const is {const!r}"
            )
        input_name = request["properties"]["input"]["$ref"].rsplit("/", 1)[-1]
        input_schema = schemas[input_name]
        properties = {
            name: _merge_ref(schemas, prop) for name, prop in input_schema["properties"].items()
        }
        models[model_id] = ModelInfo(
            id=model_id,
            request_schema=request_name,
            input_schema=input_name,
            input={**input_schema, "properties": properties},
            rules=tuple(input_schema.get("x-liangxin-rules", ())),
            evidence=str(request.get("x-evidence", "inferred")),
            is_video=request.get("x-liangxin-output", "image") == "video",
        )
    return models


def _merge_ref(schemas: Mapping[str, Any], prop: Mapping[str, Any]) -> JsonObject:
    if "$ref" not in prop:
        return dict(prop)
    target = schemas[str(prop["$ref"]).rsplit("/", 1)[-1]]
    siblings = {k: v for k, v in prop.items() if k != "$ref"}
    return {**target, **siblings}


@functools.cache
def _load(path: Path) -> Spec:
    with path.open(encoding="utf-8") as fh:
        document = yaml.safe_load(fh)
    if not isinstance(document, dict) or "components" not in document:
        raise ValueError(f"{str(path)!r} is not an OpenAPI document with components")
    return Spec(path=path, document=document, models=_model_table(document))


def load_spec(path: Path | str | None = None) -> Spec:
    """Parse the OpenAPI document (cached per path). Default: :func:`default_spec_path`."""
    return _load(Path(path).resolve() if path is not None else default_spec_path().resolve())
