"""Shared pieces of the contract tests: the spec, the example files, the generated classes.

Everything is read from ``openapi/`` (the spec and ``openapi/examples/``); nothing here restates
a field of the contract. See ``openapi/examples/README.md`` for the example layout.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs
import jsonschema_rs
import pytest

from liangxin.types import REQUEST_CLASSES, TaskRequest
from mock_server.spec import Spec, load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "liangxin.yaml"
EXAMPLES_DIR = ROOT / "openapi" / "examples"
INVALID_DIR = "invalid"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

EVIDENCE_LEVELS = frozenset({"documented", "analog", "inferred"})

#: The createTask body as the generated client types it (``create_task.sync_detailed(body=)``).
CreateTaskBody: TypeAlias = TaskRequest


def spec() -> Spec:
    """The repository's ``openapi/liangxin.yaml`` (whatever ``$LIANGXIN_SPEC`` says)."""
    return load_spec(SPEC_PATH)


def model_ids() -> list[str]:
    """The model ids of the createTask discriminator, in spec order."""
    return list(spec().models)


def request_class(model_id: str) -> type[CreateTaskBody]:
    """The generated class of the request schema that the discriminator maps ``model_id`` to."""
    return REQUEST_CLASSES[spec().models[model_id].request_schema]


def standalone(node: Mapping[str, Any]) -> dict[str, Any]:
    """A 2020-12 JSON Schema for any schema node of the document (its refs stay resolvable)."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        **node,
        "components": spec().document["components"],
    }


@functools.cache
def validator(schema_name: str) -> jsonschema_rs.Validator:
    """A validator for component schema ``schema_name``."""
    return jsonschema_rs.validator_for(spec().json_schema(schema_name))


def discriminated_schema(schema_name: str, instance: Any) -> str:
    """The branch a discriminated ``oneOf`` selects for ``instance``, else ``schema_name``."""
    discriminator = spec().schema(schema_name).get("discriminator")
    if not discriminator or not isinstance(instance, dict):
        return schema_name
    target = discriminator.get("mapping", {}).get(instance.get(discriminator["propertyName"]))
    return str(target).rsplit("/", 1)[-1] if isinstance(target, str) else schema_name


def error_report(schema_name: str, instance: Any) -> list[str]:
    """``<instance location>: <message>`` for each leaf error of ``instance``.

    For a discriminated ``oneOf`` the errors are those of the branch the discriminator selects
    (as a client or server would report them); without a matching branch, all branches' errors.
    """
    target = discriminated_schema(schema_name, instance)
    evaluation = validator(target).evaluate(instance)
    return [f"{entry['instanceLocation']}: {entry['error']}" for entry in evaluation.errors()]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@attrs.frozen
class Example:
    """One file of ``openapi/examples/``: ``[invalid/]<ComponentSchemaName>/<name>.json``."""

    path: Path

    @property
    def id(self) -> str:
        return self.path.relative_to(EXAMPLES_DIR).as_posix()

    @property
    def parts(self) -> tuple[str, ...]:
        return self.path.relative_to(EXAMPLES_DIR).parts

    @property
    def valid(self) -> bool:
        return self.parts[0] != INVALID_DIR

    @property
    def schema(self) -> str:
        """The component schema the example is (or is not) an instance of."""
        return self.parts[0] if self.valid else self.parts[1]

    @property
    def expect_path(self) -> Path:
        return self.path.with_suffix(".expect")

    @property
    def expect(self) -> str:
        """For an invalid example: a substring of the error expected (field path or name)."""
        return self.expect_path.read_text(encoding="utf-8").strip()

    def load(self) -> Any:
        return load_json(self.path)


def examples() -> list[Example]:
    """Every ``*.json`` under ``openapi/examples/``, sorted by path."""
    return [Example(path) for path in sorted(EXAMPLES_DIR.rglob("*.json"))]


def valid_examples(*schemas: str) -> list[Example]:
    """The valid examples, optionally only those of the given component schemas."""
    return [ex for ex in examples() if ex.valid and (not schemas or ex.schema in schemas)]


def params(items: Iterable[Example]) -> list[Any]:
    """``pytest.param`` per example, with the relative path as id."""
    return [pytest.param(ex, id=ex.id) for ex in items]


def request_example(model_id: str) -> dict[str, Any]:
    """The canonical request example of a model: ``CreateTaskRequest/<model-id>.json``."""
    data = load_json(EXAMPLES_DIR / "CreateTaskRequest" / f"{model_id}.json")
    assert isinstance(data, dict)
    return data


def record_example(state: str) -> dict[str, Any]:
    """The recordInfo answer example of a state: ``RecordInfoResponse/<state>.json``."""
    data = load_json(EXAMPLES_DIR / "RecordInfoResponse" / f"{state}.json")
    assert isinstance(data, dict)
    return data


def task_states() -> list[str]:
    return [str(state) for state in spec().schema("TaskState")["enum"]]


def walk_schema(node: Any, seen: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """Every schema node reachable from ``node`` (following local ``$ref`` once each)."""
    if not isinstance(node, dict):
        return
    yield node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        yield from walk_schema(spec().resolve({"$ref": ref}), seen | {ref})
    for key in ("properties", "patternProperties", "dependentSchemas", "$defs"):
        for child in node.get(key, {}).values():
            yield from walk_schema(child, seen)
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
        yield from walk_schema(node.get(key), seen)
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for child in node.get(key, []):
            yield from walk_schema(child, seen)
