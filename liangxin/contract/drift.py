"""Drift between a real JSON body and the spec: what the service sends that the spec omits.

Response schemas allow extra fields, so a validator would pass a body that carries a field the
spec never mentions. This checker walks the schema's ``properties`` instead and reports, as
values, every difference with a JSON path and a kind:

=================  =========================================================================
``unknown-field``  present in the body, absent from the schema's ``properties``
``missing-field``  required by the schema, absent from the body
``type``           a JSON type the schema does not allow (``1.0`` is a number, not an
                   integer: the generated client would hold a ``float`` where it says ``int``)
``enum``           a value outside the schema's ``enum``/``const``
``constraint``     outside a ``minimum``/``maximum``/length/items limit
``json-string``    a JSON-string field (``param``, ``resultJson``) that does not decode
=================  =========================================================================

A JSON-string field that decodes is checked against its own schema (``TaskParam``,
``ResultJson``) with ``<json>`` in the path: ``$.data.resultJson<json>.resultUrls[0]``.

    >>> from mock_server.spec import load_spec
    >>> result = check_body(load_spec(), "CreateTaskResponse", {"code": 200, "extra": 1})
    >>> [str(f) for f in result.findings]
    ["unknown-field  $.extra: 'extra' is not in the spec (value 1)"]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from mock_server.spec import Spec

__all__ = ["JSON_STRING_SCHEMAS", "DriftKind", "DriftResult", "Finding", "check_body", "json_type"]

DriftKind = Literal["unknown-field", "missing-field", "type", "enum", "constraint", "json-string"]

#: The schema of a decoded JSON-string field when the spec gives no ``contentSchema``.
JSON_STRING_SCHEMAS: Mapping[str, str] = {"param": "TaskParam", "resultJson": "ResultJson"}

_SCHEMAS = "#/components/schemas/"
#: keyword → (words, sign): the value (or its length) minus the bound, times sign, is >= 0
#: when it holds; exclusive bounds must also differ from the bound.
_BOUNDS: Mapping[str, tuple[str, int]] = {
    "minimum": ("at least", 1),
    "maximum": ("at most", -1),
    "exclusiveMinimum": ("greater than", 1),
    "exclusiveMaximum": ("less than", -1),
}
_SIZES: Mapping[str, tuple[str, int]] = {
    "minLength": ("at least", 1),
    "maxLength": ("at most", -1),
    "minItems": ("at least", 1),
    "maxItems": ("at most", -1),
}


@attrs.frozen
class Finding:
    """One difference between a body and the spec, at a JSON path (``$.data.progress``)."""

    path: str
    kind: DriftKind
    message: str

    def __str__(self) -> str:
        return f"{self.kind:<13}  {self.path}: {self.message}"


@attrs.frozen
class DriftResult:
    """The findings for one body, and the component schema it was matched to.

    For a ``oneOf`` of named schemas (``ErrorResponse``) ``schema`` names the branch that fits
    best (``BusinessError`` or ``GatewayError``).
    """

    schema: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


def json_type(value: Any) -> str:
    """The JSON Schema type of a decoded JSON value (``True`` is boolean, ``1.0`` a number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, Mapping) else type(value).__name__


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _allowed(value: Any, types: Sequence[str]) -> bool:
    actual = json_type(value)
    return actual in types or (actual == "integer" and "number" in types)


class _Checker:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def walk(self, node: Mapping[str, Any], value: Any, path: str) -> list[Finding]:
        schema = self.spec.resolve(node)
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches:
            return self.best(branches, value, path)[1]
        declared = schema.get("type")
        types = [declared] if isinstance(declared, str) else list(declared or ())
        if types and not _allowed(value, types):
            wanted = " | ".join(types)
            message = f"{_show(value)} is {json_type(value)}, the spec says {wanted}"
            return [Finding(path, "type", message)]
        findings = self._value(schema, value, path)
        if isinstance(value, Mapping):
            findings += self._object(schema, value, path)
        elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
            for index, item in enumerate(value):
                findings += self.walk(schema["items"], item, f"{path}[{index}]")
        elif isinstance(value, str) and schema.get("contentMediaType") == "application/json":
            findings += self._json_string(schema, value, path)
        return findings

    def best(
        self, branches: Sequence[Mapping[str, Any]], value: Any, path: str
    ) -> tuple[Mapping[str, Any], list[Finding]]:
        """The branch that fits best, and its findings.

        A branch whose type admits the value wins over one that does not (a record with
        drift is still a record, not a wrong ``null``); then the fewest findings, then order.
        """
        scored = [(self.walk(branch, value, path), branch) for branch in branches]

        def rank(pair: tuple[list[Finding], Mapping[str, Any]]) -> tuple[bool, int]:
            wrong_type = any(f.kind == "type" and f.path == path for f in pair[0])
            return wrong_type, len(pair[0])

        findings, branch = min(scored, key=rank)
        return branch, findings

    def _value(self, schema: Mapping[str, Any], value: Any, path: str) -> list[Finding]:
        findings: list[Finding] = []
        allowed = schema.get("enum", [schema["const"]] if "const" in schema else None)
        if allowed is not None and value not in allowed:
            findings.append(Finding(path, "enum", f"{_show(value)} is not one of {allowed!r}"))
        if json_type(value) in ("integer", "number"):
            for keyword, (words, sign) in _BOUNDS.items():
                if keyword not in schema:
                    continue
                margin = (value - schema[keyword]) * sign
                if margin < 0 or (margin == 0 and keyword.startswith("exclusive")):
                    message = f"{_show(value)} must be {words} {schema[keyword]!r}"
                    findings.append(Finding(path, "constraint", message))
        if isinstance(value, str | list):
            for keyword, (words, sign) in _SIZES.items():
                applies = keyword.endswith("Length") == isinstance(value, str)
                if applies and keyword in schema and (len(value) - schema[keyword]) * sign < 0:
                    message = f"length {len(value)} must be {words} {schema[keyword]!r}"
                    findings.append(Finding(path, "constraint", message))
        return findings

    def _object(
        self, schema: Mapping[str, Any], value: Mapping[str, Any], path: str
    ) -> list[Finding]:
        findings: list[Finding] = []
        properties: Mapping[str, Any] | None = schema.get("properties")
        for name in schema.get("required", ()):
            if name not in value:
                findings.append(Finding(f"{path}.{name}", "missing-field", f"{name!r} is required"))
        if properties is None:  # a free-form object: any key is fine
            return findings
        for name, item in value.items():
            where = f"{path}.{name}"
            if name in properties:
                findings += self.walk(properties[name], item, where)
            else:
                message = f"{name!r} is not in the spec (value {_show(item)})"
                findings.append(Finding(where, "unknown-field", message))
        return findings

    def _json_string(self, schema: Mapping[str, Any], value: str, path: str) -> list[Finding]:
        if value == "":  # "empty until success" (resultJson), documented
            return []
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError as exc:
            message = f"{_show(value)} does not decode as JSON ({exc.msg} at {exc.pos})"
            return [Finding(path, "json-string", message)]
        inner = schema.get("contentSchema")
        if inner is None:
            name = JSON_STRING_SCHEMAS.get(path.rsplit(".", 1)[-1])
            if name is None or name not in self.spec.schemas:
                return []
            inner = {"$ref": _SCHEMAS + name}
        return self.walk(inner, decoded, f"{path}<json>")


def check_body(spec: Spec, schema: str, body: Any) -> DriftResult:
    """Compare ``body`` (decoded JSON) with component schema ``schema`` of ``spec``.

    >>> from mock_server.spec import load_spec
    >>> check_body(load_spec(), "ErrorResponse", {"error": {"message": "invalid token"}}).schema
    'GatewayError'
    """
    checker = _Checker(spec)
    root = spec.schema(schema)
    branches = root.get("oneOf") or root.get("anyOf")
    if branches and all("$ref" in b for b in branches):
        branch, findings = checker.best(branches, body, "$")
        return DriftResult(str(branch["$ref"]).rsplit("/", 1)[-1], tuple(findings))
    return DriftResult(schema, tuple(checker.walk(root, body, "$")))
