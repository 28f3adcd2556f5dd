"""Compare two versions of one JSON Schema node and classify every change.

One rule decides almost everything, by the side of the wire a schema describes:

* **request** schemas (the client *sends* them) may only **loosen**: a value that was valid
  must stay valid, so tightening a limit, removing an enum value, adding a required field or
  a rule is breaking;
* **response** schemas (the client *parses* them) may only **tighten**: whatever the server
  may now send must still be handled, so an added enum value (the generated ``Literal`` check
  raises on it), a widened type, a field that is no longer required or a loosened limit is
  breaking;
* one exception: an added response field is not breaking (the generated ``from_dict`` ignores
  or bags unknown keys), while a removed field breaks both sides (its attribute disappears);
* a schema used on both sides (``direction="both"``) may change neither way.

Documentation extensions (``x-evidence``, ``x-provider-default``, sizes, ``default``) are
reported as ``info``; ``description``, ``x-source`` and examples are ignored.

    >>> from mock_server.spec import load_spec
    >>> spec = load_spec()
    >>> differ = SchemaDiffer(spec, spec, group="z-image", direction="request")
    >>> differ.compare({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a"]})
    >>> [str(c) for c in differ.changes]
    ["BREAKING  z-image  enum value 'b' removed"]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from mock_server.spec import Spec

__all__ = ["Change", "Direction", "SchemaDiffer", "Severity", "join_path"]

Direction = Literal["request", "response", "both"]
Severity = Literal["breaking", "non-breaking", "info"]

_LABELS: Mapping[Severity, str] = {"breaking": "BREAKING", "non-breaking": "ok", "info": "info"}
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
#: Other validation keywords: added = tighter, removed = looser, changed = breaking.
_OTHER = (
    *("pattern", "format", "multipleOf", "uniqueItems", "dependentRequired", "patternProperties"),
    *("if", "then", "else", "not", "contentMediaType", "contentSchema"),
)
#: Reported as ``info``: they document, or change what the provider does by default.
_INFO = (
    *("x-evidence", "x-provider-default", "x-liangxin-sizes", "x-liangxin-output"),
    *("default", "deprecated"),
)
_IGNORED = frozenset({"description", "summary", "title", "x-source", "example", "examples"})
_HANDLED = frozenset(
    {"$ref", "type", "enum", "const", "properties", "required", "items", "anyOf", "oneOf"}
    | {"additionalProperties", "x-liangxin-rules", "discriminator", *_LOWER, *_UPPER}
    | {*_OTHER, *_INFO, *_IGNORED}
)


def join_path(path: str, name: str) -> str:
    """``join_path("input", "seed")`` → ``input.seed``; an empty path gives ``seed``."""
    return f"{path}.{name}" if path else name


@attrs.frozen
class Change:
    """One difference between two spec versions, with its client impact."""

    group: str
    path: str
    kind: str
    severity: Severity
    message: str

    @property
    def breaking(self) -> bool:
        return self.severity == "breaking"

    def line(self, group_width: int = 0) -> str:
        """``BREAKING  z-image  input.image_size: enum value 'square' removed``."""
        where = f"{self.path}: {self.message}" if self.path else self.message
        return f"{_LABELS[self.severity]:<8}  {self.group:<{group_width}}  {where}"

    def __str__(self) -> str:
        return self.line()

    def to_dict(self) -> dict[str, str | bool]:
        return {**attrs.asdict(self), "breaking": self.breaking}


def _types(schema: Mapping[str, Any]) -> frozenset[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    return frozenset([declared] if isinstance(declared, str) else declared)


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _show_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types, key=lambda t: (t == "null", t)))


def _values(schema: Mapping[str, Any]) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _rule_key(rule: Mapping[str, Any]) -> str:
    return _canon({k: rule.get(k) for k in ("kind", "fields", "array")})


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


class SchemaDiffer:
    """Collects :class:`Change` records for one group (a model id or ``shared``).

    With ``follow_refs`` the ``$ref`` targets are compared by content (a model's request, down
    to its enums); without, a ``$ref`` is compared by name and its target is left to be diffed
    under its own name (the shared schemas).
    """

    def __init__(
        self,
        old: Spec,
        new: Spec,
        *,
        group: str,
        direction: Direction,
        follow_refs: bool = True,
    ) -> None:
        self.old, self.new = old, new
        self.group = group
        self.direction: Direction = direction
        self.follow_refs = follow_refs
        self.changes: list[Change] = []
        self._active: set[tuple[str | None, str | None]] = set()

    # ------------------------------------------------------------------ recording

    def add(self, path: str, kind: str, severity: Severity, message: str) -> None:
        self.changes.append(Change(self.group, path, kind, severity, message))

    def shift(self, path: str, kind: str, message: str, *, loosened: bool) -> None:
        """Record a change that loosens or tightens what is valid (see the module rule)."""
        breaks = {"request": not loosened, "response": loosened, "both": True}[self.direction]
        self.add(path, kind, "breaking" if breaks else "non-breaking", message)

    # ------------------------------------------------------------------ walking

    def compare(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str = "") -> None:
        """Compare two schema nodes found at ``path``."""
        old_ref, new_ref = old.get("$ref"), new.get("$ref")
        if not self.follow_refs:
            if old_ref != new_ref:
                self.add(
                    path,
                    "ref-changed",
                    "breaking",
                    f"schema {self._ref_label(old_ref)} → {self._ref_label(new_ref)}",
                )
                return
            self._compare_resolved(old, new, path)
            return
        key = (old_ref, new_ref)
        if key in self._active:  # a recursive schema: already being compared further up
            return
        if old_ref and new_ref and _ref_name(old_ref) != _ref_name(new_ref):
            self._renamed(old_ref, new_ref, path)
        self._active.add(key)
        try:
            self._compare_resolved(self.old.resolve(old), self.new.resolve(new), path)
        finally:
            self._active.discard(key)

    def _renamed(self, old_ref: str, new_ref: str, path: str) -> None:
        """A field now names another schema: breaking only if the old one (a class) is gone."""
        message = f"schema {self._ref_label(old_ref)} → {self._ref_label(new_ref)}"
        if _ref_name(old_ref) in self.new.schemas:
            self.add(path, "ref-changed", "info", message)
        else:
            gone = f"{message}; {self._ref_label(old_ref)} and its generated class are gone"
            self.add(path, "ref-changed", "breaking", gone)

    def _ref_label(self, ref: Any) -> str:
        return repr(_ref_name(ref)) if isinstance(ref, str) else "(inline)"

    def _compare_resolved(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        self._extensions(old, new, path)
        self._type(old, new, path)
        self._enum(old, new, path)
        self._limits(old, new, path)
        self._additional(old, new, path)
        self._constraints(old, new, path)
        self._rules(old, new, path)
        self._properties(old, new, path)
        if isinstance(old.get("items"), Mapping) and isinstance(new.get("items"), Mapping):
            self.compare(old["items"], new["items"], f"{path}[]")
        elif "items" in old or "items" in new:
            self.shift(path, "items-changed", "items schema changed", loosened="items" in old)
        for keyword in ("anyOf", "oneOf"):
            self._branches(old.get(keyword, []), new.get(keyword, []), path, keyword)

    def _extensions(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        keys = [k for k in (*old, *(k for k in new if k not in old)) if k not in _HANDLED]
        for key in (*_INFO, *(k for k in keys if k.startswith("x-"))):
            if old.get(key) == new.get(key):
                continue
            if key not in old:
                self.add(path, "extension-changed", "info", f"{key} {new[key]!r} added")
            elif key not in new:
                self.add(path, "extension-changed", "info", f"{key} {old[key]!r} removed")
            else:
                self.add(path, "extension-changed", "info", f"{key} {old[key]!r} → {new[key]!r}")
        for key in (k for k in keys if not k.startswith("x-") and old.get(k) != new.get(k)):
            self.add(path, "keyword-changed", "breaking", f"keyword {key!r} changed")

    def _type(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        before, after = _types(old), _types(new)
        if before == after:
            return
        message = f"type {_show_types(before)!r} → {_show_types(after)!r}"
        if before is None or (after is not None and _covers(before, after)):
            self.shift(path, "type-changed", f"{message} (narrowed)", loosened=False)
        elif after is None or _covers(after, before):
            self.shift(path, "type-changed", f"{message} (widened)", loosened=True)
        else:
            self.add(path, "type-changed", "breaking", message)

    def _enum(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        before, after = _values(old), _values(new)
        if before is None and after is None:
            return
        if before is None:
            self.shift(path, "enum-added", f"now restricted to {after!r}", loosened=False)
            return
        if after is None:
            self.shift(path, "enum-removed", f"no longer restricted to {before!r}", loosened=True)
            return
        for value in (v for v in before if v not in after):
            self.shift(path, "enum-value-removed", f"enum value {value!r} removed", loosened=False)
        for value in (v for v in after if v not in before):
            self.shift(path, "enum-value-added", f"enum value {value!r} added", loosened=True)

    def _limits(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        for keyword in (*_LOWER, *_UPPER):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            if before is None:
                self.shift(path, "limit-added", f"{keyword} {after!r} added", loosened=False)
            elif after is None:
                self.shift(path, "limit-removed", f"{keyword} {before!r} removed", loosened=True)
            else:
                loosened = after < before if keyword in _LOWER else after > before
                how = "loosened" if loosened else "tightened"
                message = f"{keyword} {before!r} → {after!r} ({how})"
                self.shift(path, f"limit-{how}", message, loosened=loosened)

    def _additional(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        before = old.get("additionalProperties", True) is not False
        after = new.get("additionalProperties", True) is not False
        if before != after:
            message = f"additionalProperties {before!r} → {after!r}"
            self.shift(path, "additional-properties", message, loosened=after)

    def _constraints(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        for keyword in _OTHER:
            before, after = old.get(keyword), new.get(keyword)
            if _canon(before) == _canon(after):
                continue
            if before is None:
                self.shift(path, "constraint-added", f"{keyword} {after!r} added", loosened=False)
            elif after is None:
                message = f"{keyword} {before!r} removed"
                self.shift(path, "constraint-removed", message, loosened=True)
            else:
                self.add(
                    path, "constraint-changed", "breaking", f"{keyword} {before!r} → {after!r}"
                )

    def _rules(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        """``x-liangxin-rules``, matched by kind and fields: a new or changed rule may refuse
        what was accepted, a removed one only accepts more."""
        before = {_rule_key(r): r for r in old.get("x-liangxin-rules", ())}
        after = {_rule_key(r): r for r in new.get("x-liangxin-rules", ())}
        for key, rule in before.items():
            if key not in after:
                message = f"cross-field rule {rule!r} removed"
                self.shift(path, "rule-removed", message, loosened=True)
            elif _canon(rule) != _canon(after[key]):
                message = f"cross-field rule {rule!r} → {after[key]!r}"
                self.add(path, "rule-changed", "breaking", message)
        for key in (k for k in after if k not in before):
            message = f"cross-field rule {after[key]!r} added"
            self.shift(path, "rule-added", message, loosened=False)

    def _properties(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> None:
        before: Mapping[str, Any] = old.get("properties", {})
        after: Mapping[str, Any] = new.get("properties", {})
        required_before, required_after = set(old.get("required", ())), set(new.get("required", ()))
        for name in _ordered(before, after):
            where = join_path(path, name)
            if name not in after:
                self.add(where, "field-removed", "breaking", "field removed")
            elif name not in before:
                if name in required_after:
                    self.shift(where, "field-added", "required field added", loosened=False)
                else:
                    self.add(where, "field-added", "non-breaking", "optional field added")
            else:
                if name in required_after and name not in required_before:
                    self.shift(where, "required-added", "field became required", loosened=False)
                elif name in required_before and name not in required_after:
                    self.shift(where, "required-removed", "field no longer required", loosened=True)
                self.compare(before[name], after[name], where)

    def _branches(self, old: Iterable[Any], new: Iterable[Any], path: str, keyword: str) -> None:
        before = {self._signature(b, self.old): b for b in old}
        after = {self._signature(b, self.new): b for b in new}
        for sig in (s for s in before if s not in after):
            self.shift(path, "branch-removed", f"{keyword} branch {sig} removed", loosened=False)
        for sig in (s for s in after if s not in before):
            self.shift(path, "branch-added", f"{keyword} branch {sig} added", loosened=True)
        for sig in (s for s in before if s in after):
            self.compare(before[sig], after[sig], path)

    @staticmethod
    def _signature(branch: Mapping[str, Any], spec: Spec) -> str:
        if "$ref" in branch:
            return repr(_ref_name(str(branch["$ref"])))
        return repr(_show_types(_types(spec.resolve(branch))))


def _ordered(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return [*before, *(name for name in after if name not in before)]
