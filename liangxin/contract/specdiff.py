"""Spec change report: what changed in ``openapi/liangxin.yaml``, and does it break clients?

Two versions of the spec are compared and every change is listed under the model it touches
(its createTask request, followed through ``$ref`` down to its input's enums) or under
``shared`` (envelopes, the task record, errors, operations), each classified by
:mod:`liangxin.contract.schemadiff`'s rule: request schemas may only loosen, response schemas
may only tighten. ``x-evidence`` and other documentation changes are ``info``.

    $ python -m liangxin.contract.specdiff                 # git HEAD vs the working tree
    $ python -m liangxin.contract.specdiff --base main --head HEAD
    $ python -m liangxin.contract.specdiff --base old.yaml --head new.yaml --format json
    BREAKING  z-image  input.image_size: enum value 'square' removed

The exit status is 1 when a change is breaking (CI gates on it), 0 otherwise, 2 when a
version cannot be read. In Python:

    >>> import yaml
    >>> old = yaml.safe_load(Path("openapi/liangxin.yaml").read_text())
    >>> diff_documents(old, old)
    []
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from liangxin.contract.schemadiff import Change, Direction, SchemaDiffer, join_path
from liangxin.contract.versions import JsonObject, SpecSourceError, load_document
from mock_server.spec import Spec, default_spec_path

__all__ = [
    "SHARED",
    "diff_documents",
    "main",
    "render_json",
    "render_text",
]

SHARED = "shared"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMAS = "#/components/schemas/"


# ---------------------------------------------------------------------- the document walk


def _spec(document: JsonObject, label: str) -> Spec:
    return Spec(path=Path(label), document=document, models={})


def _operations(spec: Spec) -> dict[str, Mapping[str, Any]]:
    ops: dict[str, Mapping[str, Any]] = {}
    for path, item in spec.document.get("paths", {}).items():
        for method in (m for m in _METHODS if m in item):
            shared = list(item.get("parameters", ()))
            op = item[method]
            ops[f"{method.upper()} {path}"] = {
                **op,
                "parameters": [*shared, *op.get("parameters", ())],
            }
    return ops


def _reach(spec: Spec, roots: Iterable[Any]) -> set[str]:
    """Names of the component schemas reachable from ``roots`` through ``$ref``."""
    names: set[str] = set()
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
                seen.add(ref)
                if ref.startswith(_SCHEMAS):
                    names.add(ref[len(_SCHEMAS) :])
                with contextlib.suppress(KeyError, TypeError):  # dangling: nothing to reach
                    stack.append(spec.resolve({"$ref": ref}))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return names


def _sides(spec: Spec) -> tuple[set[str], set[str]]:
    """(request-side, response-side) schema names: what the client sends and what it parses."""
    ops = _operations(spec).values()
    sent = [[op.get("parameters", ()), op.get("requestBody", {})] for op in ops]
    parsed = [[op.get("responses", {}), op.get("callbacks", {})] for op in ops]
    return _reach(spec, sent), _reach(spec, [*parsed, spec.document.get("webhooks", {})])


def _models(spec: Spec) -> dict[str, str]:
    """Model id → request schema name, from every discriminated ``oneOf`` request body."""
    models: dict[str, str] = {}
    for op in _operations(spec).values():
        body = spec.resolve(op.get("requestBody", {}))
        for media in body.get("content", {}).values():
            union = spec.resolve(media.get("schema", {}))
            discriminator = union.get("discriminator")
            if "oneOf" not in union or not isinstance(discriminator, Mapping):
                continue
            prop = discriminator.get("propertyName", "model")
            by_name = {
                str(v).rsplit("/", 1)[-1]: k for k, v in discriminator.get("mapping", {}).items()
            }
            for branch in union["oneOf"]:
                if "$ref" not in branch:
                    continue
                name = str(branch["$ref"]).rsplit("/", 1)[-1]
                field = spec.resolve(spec.resolve(branch).get("properties", {}).get(prop, {}))
                models[str(field.get("const") or by_name.get(name) or name)] = name
    return models


def _model_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before, after = _models(old), _models(new)
    for model in sorted({*before, *after}):
        if model not in after:
            yield Change(model, "", "model-removed", "breaking", f"model {model!r} removed")
        elif model not in before:
            yield Change(model, "", "model-added", "non-breaking", f"model {model!r} added")
        else:
            differ = SchemaDiffer(old, new, group=model, direction="request")
            differ.compare({"$ref": _SCHEMAS + before[model]}, {"$ref": _SCHEMAS + after[model]})
            yield from differ.changes


def _shared_changes(old: Spec, new: Spec) -> Iterator[Change]:
    (sent_old, parsed_old), (sent_new, parsed_new) = _sides(old), _sides(new)
    sent, parsed = sent_old | sent_new, parsed_old | parsed_new
    for name in _ordered(old.schemas, new.schemas):
        if name in sent and name not in parsed:
            continue  # request-only: reported under each model that uses it
        if name not in new.schemas:
            yield Change(SHARED, name, "schema-removed", "breaking", "schema removed")
        elif name not in old.schemas:
            yield Change(SHARED, name, "schema-added", "non-breaking", "schema added")
        else:
            direction: Direction = "both" if name in sent else "response"
            differ = SchemaDiffer(old, new, group=SHARED, direction=direction, follow_refs=False)
            differ.compare(old.schemas[name], new.schemas[name], name)
            yield from differ.changes


def _operation_changes(old: Spec, new: Spec) -> Iterator[Change]:
    version_old = old.document.get("info", {}).get("version")
    version_new = new.document.get("info", {}).get("version")
    if version_old != version_new:
        message = f"info.version {version_old!r} → {version_new!r}"
        yield Change(SHARED, "", "version-changed", "info", message)
    before, after = _operations(old), _operations(new)
    for key in _ordered(before, after):
        if key not in after:
            yield Change(SHARED, key, "operation-removed", "breaking", "operation removed")
        elif key not in before:
            yield Change(SHARED, key, "operation-added", "non-breaking", "operation added")
        else:
            yield from _operation(old, new, key, before[key], after[key])
    hooks_old, hooks_new = old.document.get("webhooks", {}), new.document.get("webhooks", {})
    for name in (n for n in _ordered(hooks_old, hooks_new) if (n in hooks_old) != (n in hooks_new)):
        how = "added" if name in hooks_new else "removed"
        yield Change(SHARED, f"webhooks.{name}", f"webhook-{how}", "info", f"webhook {how}")


def _operation(
    old: Spec, new: Spec, key: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    sends = SchemaDiffer(old, new, group=SHARED, direction="request")
    parses = SchemaDiffer(old, new, group=SHARED, direction="response", follow_refs=False)
    if before.get("operationId") != after.get("operationId"):
        message = f"operationId {before.get('operationId')!r} → {after.get('operationId')!r}"
        sends.add(key, "operation-id-changed", "breaking", message)
    params_old = {(p["in"], p["name"]): p for p in map(old.resolve, before["parameters"])}
    params_new = {(p["in"], p["name"]): p for p in map(new.resolve, after["parameters"])}
    for where, name in _ordered(params_old, params_new):
        path = f"{key} {where}.{name}"
        p_old, p_new = params_old.get((where, name)), params_new.get((where, name))
        if p_new is None:
            sends.add(path, "parameter-removed", "breaking", "parameter removed")
        elif p_old is None:
            optional = not p_new.get("required")
            sends.shift(path, "parameter-added", "parameter added", loosened=optional)
        else:
            _required(sends, path, "parameter-required", p_old, p_new)
            sends.compare(p_old.get("schema", {}), p_new.get("schema", {}), path)
    body_old = old.resolve(before.get("requestBody", {}))
    body_new = new.resolve(after.get("requestBody", {}))
    _required(sends, f"{key} requestBody", "body-required", body_old, body_new)
    _content(sends, body_old, body_new, f"{key} requestBody")
    responses_old, responses_new = before.get("responses", {}), after.get("responses", {})
    for status in _ordered(responses_old, responses_new):
        path = f"{key} responses.{status}"
        if status not in responses_new:
            parses.add(path, "status-removed", "breaking", "status removed")
        elif status not in responses_old:
            parses.add(path, "status-added", "non-breaking", "status added")
        else:
            r_old, r_new = old.resolve(responses_old[status]), new.resolve(responses_new[status])
            _content(parses, r_old, r_new, path)
    hooks_old, hooks_new = before.get("callbacks", {}), after.get("callbacks", {})
    for name in (n for n in _ordered(hooks_old, hooks_new) if (n in hooks_old) != (n in hooks_new)):
        how = "added" if name in hooks_new else "removed"
        parses.add(f"{key} callbacks.{name}", f"callback-{how}", "info", f"callback {how}")
    yield from sends.changes
    yield from parses.changes


def _required(
    differ: SchemaDiffer, path: str, kind: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> None:
    before, after = bool(old.get("required")), bool(new.get("required"))
    if before != after:
        differ.shift(path, kind, f"required {before!r} → {after!r}", loosened=not after)


def _content(
    differ: SchemaDiffer, old: Mapping[str, Any], new: Mapping[str, Any], path: str
) -> None:
    """Media types of a body; a named schema is compared by name (it is diffed on its own)."""
    media_old, media_new = old.get("content", {}), new.get("content", {})
    for media in _ordered(media_old, media_new):
        where = join_path(path, media)
        if media not in media_new:
            differ.add(where, "media-removed", "breaking", "media type removed")
            continue
        if media not in media_old:
            differ.add(where, "media-added", "non-breaking", "media type added")
            continue
        schema_old = media_old[media].get("schema", {})
        schema_new = media_new[media].get("schema", {})
        if "$ref" in schema_old or "$ref" in schema_new:
            if schema_old.get("$ref") != schema_new.get("$ref"):
                message = (
                    f"schema {_name(schema_old.get('$ref'))!r} → {_name(schema_new.get('$ref'))!r}"
                )
                differ.add(where, "ref-changed", "breaking", message)
        else:
            differ.compare(schema_old, schema_new, where)


def _name(ref: Any) -> str:
    return str(ref).rsplit("/", 1)[-1] if ref else "(inline)"


def _ordered(before: Iterable[Any], after: Iterable[Any]) -> list[Any]:
    first = list(before)
    return [*first, *(k for k in after if k not in first)]


def diff_documents(old: JsonObject, new: JsonObject) -> list[Change]:
    """Every change from ``old`` to ``new``: the models (sorted by id), then ``shared``."""
    old_spec, new_spec = _spec(old, "base"), _spec(new, "head")
    return [
        *_model_changes(old_spec, new_spec),
        *_shared_changes(old_spec, new_spec),
        *_operation_changes(old_spec, new_spec),
    ]


# ---------------------------------------------------------------------- reports and CLI


def render_text(changes: Sequence[Change], *, base: str, head: str) -> str:
    """One line per change, then a summary line."""
    if not changes:
        return f"no changes between {base} and {head}\n"
    width = max(len(change.group) for change in changes)
    breaking = sum(change.breaking for change in changes)
    lines = [change.line(width) for change in changes]
    lines.append(f"{len(changes)} change(s), {breaking} breaking: {base} → {head}")
    return "\n".join(lines) + "\n"


def render_json(changes: Sequence[Change], *, base: str, head: str) -> str:
    """``{"base", "head", "breaking": <count>, "changes": [{group, path, kind, ...}]}``."""
    report = {
        "base": base,
        "head": head,
        "breaking": sum(change.breaking for change in changes),
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m liangxin.contract.specdiff",
        description="List spec changes per model, breaking or not (exit 1 when breaking).",
    )
    parser.add_argument("--base", default="HEAD", help="git revision or file (default: HEAD)")
    parser.add_argument("--head", help="git revision or file (default: the working-tree spec)")
    parser.add_argument("--spec", type=Path, help="the spec file (default: openapi/liangxin.yaml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the report; 1 when a change is breaking, 0 otherwise, 2 when a version is unreadable."""
    args = _parser().parse_args(argv)
    spec_path: Path = args.spec or _default_spec()
    try:
        old, base = load_document(args.base, spec_path)
        new, head = load_document(args.head, spec_path)
    except SpecSourceError as exc:
        print(f"specdiff: error: {exc}", file=sys.stderr)
        return 2
    changes = diff_documents(old, new)
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(changes, base=base, head=head))
    return 1 if any(change.breaking for change in changes) else 0


def _default_spec() -> Path:
    local = Path("openapi/liangxin.yaml")
    return local if local.is_file() else default_spec_path()


if __name__ == "__main__":
    raise SystemExit(main())
