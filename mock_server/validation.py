"""Request validation from the spec: one compiled validator per model, clear messages.

The createTask ``oneOf`` is never validated as a whole (its error is "not valid under any
of the schemas"): the branch is chosen by ``model`` first, then that model's request schema
(compiled once with jsonschema-rs) and its ``x-liangxin-rules`` are checked. Every problem
becomes one message naming the field path, the bad value and what is allowed:

    input.aspect_ratio: 'foo' is not one of ['1:1', '16:9', ...]

Problems come back as values (a list); :meth:`RequestValidator.check_create` raises one
:class:`~mock_server.errors.BadRequest` that joins them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jsonschema_rs

from mock_server.errors import BadRequest
from mock_server.spec import ModelInfo, Spec

__all__ = ["RequestValidator", "format_path"]

_DATA_URI = re.compile(r"^data:(?P<type>[\w.+-]+/[\w.+-]+)(;[\w=.+-]+)*(;base64)?,", re.I)


def format_path(parts: Sequence[str | int]) -> str:
    """``['input', 'multi_prompt', 0, 'duration']`` → ``input.multi_prompt[0].duration``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _show(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _condition(error: jsonschema_rs.ValidationError, model: ModelInfo, missing: str) -> str:
    """Why a conditionally required field is required (``dependentRequired``, ``if``/``then``)."""
    schema_path = list(error.schema_path)
    prefix = list(error.instance_path)
    if "dependentRequired" in schema_path and isinstance(error.instance, dict):
        triggers = [
            name
            for name, needs in model.input.get("dependentRequired", {}).items()
            if missing in needs and name in error.instance
        ]
        if triggers:
            given = " and ".join(format_path([*prefix, t]) for t in triggers)
            return f" when {given} is given"
    if "then" in schema_path:
        unless = model.input.get("if", {}).get("not", {}).get("required", [])
        if unless:
            alternatives = " or ".join(format_path([*prefix, u]) for u in unless)
            return f" unless {alternatives} is given"
    return ""


def _describe(error: jsonschema_rs.ValidationError, model: ModelInfo) -> str:
    path = list(error.instance_path)
    where = format_path(path)
    kind = error.kind
    params: dict[str, Any] = kind.as_dict()
    name = kind.name
    value: Any = error.instance
    if name == "required":
        missing = str(params["property"])
        return f"{format_path([*path, missing])} is required{_condition(error, model, missing)}"
    if name == "additionalProperties":
        return "; ".join(
            f"{format_path([*path, p])} is not allowed (unknown field)"
            for p in params["unexpected"]
        )
    if name == "enum":
        return f"{where}: {_show(value)} is not one of {params['options']!r}"
    if name == "constant":
        return f"{where}: {_show(value)} must be {params['expected_value']!r}"
    if name == "type":
        types = params["types"]
        wanted = types[0] if len(types) == 1 else " or ".join(types)
        return f"{where}: {_show(value)} is not of type {wanted}"
    if name in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        bound = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "greater than",
            "exclusiveMaximum": "less than",
        }[name]
        return f"{where}: {_show(value)} must be {bound} {params['limit']}"
    if name in {"minLength", "maxLength"}:
        bound = "at least" if name == "minLength" else "at most"
        return f"{where}: {len(value)} characters given, must have {bound} {params['limit']}"
    if name in {"minItems", "maxItems"}:
        bound = "at least" if name == "minItems" else "at most"
        return f"{where}: {len(value)} items given, must have {bound} {params['limit']}"
    if name == "format":
        return f"{where}: {_show(value)} is not a valid {params['format']}"
    return f"{where}: {error.message}"


class RequestValidator:
    """Validates createTask bodies against the spec, model by model.

    >>> from mock_server.spec import load_spec
    >>> validator = RequestValidator(load_spec())
    >>> validator.problems({"model": "z-image", "input": {"prompt": "x", "seed": -1}})
    ['input.seed: -1 must be at least 0']
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.supported = sorted(spec.models)
        self._validators = {
            model_id: jsonschema_rs.validator_for(
                spec.json_schema(info.request_schema), validate_formats=True
            )
            for model_id, info in spec.models.items()
        }
        self._rules = {model_id: _compile_rules(info) for model_id, info in spec.models.items()}

    def problems(self, body: Any) -> list[str]:
        """Every problem with ``body`` as a message; empty when it is a valid request."""
        if not isinstance(body, dict):
            return [f"body: must be a JSON object, got {type(body).__name__} {_show(body, 40)}"]
        model = body.get("model")
        if "model" not in body:
            return [f"model is required; supported models: {self.supported!r}"]
        if not isinstance(model, str) or model not in self.spec.models:
            return [f"model: {_show(model)} is not supported; supported models: {self.supported!r}"]
        messages: list[str] = []
        for error in self._validators[model].iter_errors(body):
            message = _describe(error, self.spec.models[model])
            if message not in messages:
                messages.append(message)
        if messages:
            return messages
        data = body.get("input")
        if isinstance(data, dict):
            for check in self._rules[model]:
                messages.extend(check(data))
        return messages

    def check_create(self, body: Any) -> dict[str, Any]:
        """Return ``body`` when valid; raise :class:`BadRequest` naming every problem."""
        problems = self.problems(body)
        if problems:
            raise BadRequest("; ".join(problems))
        return body  # type: ignore[no-any-return]


# ---------------------------------------------------------------- x-liangxin-rules


Check = Callable[[Mapping[str, Any]], list[str]]


def _count(value: Any) -> int:
    if value is None:
        return 0
    return len(value) if isinstance(value, list) else 1


def _max_combined_items(rule: Mapping[str, Any]) -> Check:
    fields: tuple[str, ...] = tuple(rule["fields"])
    limit: int = rule["max"]
    named = " + ".join(f"input.{f}" for f in fields)

    def check(data: Mapping[str, Any]) -> list[str]:
        total = sum(_count(data[f]) for f in fields if f in data)
        if total <= limit:
            return []
        return [f"{named}: {total} images given in all, at most {limit} allowed"]

    return check


def _url_suffix(rule: Mapping[str, Any]) -> Check:
    fields: tuple[str, ...] = tuple(rule["fields"])
    suffixes = tuple(s.lower() for s in rule.get("suffixes", ()))
    types = {t.lower() for t in rule.get("data-uri-types", ())}

    def check(data: Mapping[str, Any]) -> list[str]:
        problems = []
        for field in fields:
            value = data.get(field)
            items = value if isinstance(value, list) else [value] if value is not None else []
            for index, url in enumerate(items):
                path = f"input.{field}[{index}]" if isinstance(value, list) else f"input.{field}"
                match = _DATA_URI.match(url)
                if match:
                    if match.group("type").lower() not in types:
                        problems.append(
                            f"{path}: data URI of type {match.group('type')!r} is not allowed, "
                            f"must be one of {sorted(types)!r}"
                        )
                    continue
                bare = url.split("?", 1)[0].split("#", 1)[0].lower()
                if not bare.endswith(suffixes):
                    problems.append(
                        f"{path}: {_show(url)} must end in one of {list(suffixes)!r} "
                        f"or be a data URI of {sorted(types)!r}"
                    )
        return problems

    return check


def _sum_equals(rule: Mapping[str, Any]) -> Check:
    array: str = rule["array"]
    item: str = rule["item"]
    total_field: str = rule["total"]
    default = rule.get("total-default")

    def check(data: Mapping[str, Any]) -> list[str]:
        items = data.get(array)
        if not isinstance(items, list) or not items:
            return []
        total = sum(int(entry.get(item, 0)) for entry in items)
        raw = data.get(total_field, default)
        expected = int(raw) if raw is not None else None
        if expected is None or total == expected:
            return []
        given = "given" if total_field in data else "default"
        return [
            f"input.{array}: shot {item}s add up to {total}, "
            f"but input.{total_field} is {expected} ({given}); they must be equal"
        ]

    return check


#: Each ``x-liangxin-rules`` kind, as a function that compiles one rule into its check.
_RULES: dict[str, Callable[[Mapping[str, Any]], Check]] = {
    "max-combined-items": _max_combined_items,
    "url-suffix": _url_suffix,
    "sum-equals": _sum_equals,
}


def _compile_rules(model: ModelInfo) -> tuple[Check, ...]:
    """The model's ``x-liangxin-rules`` as checks; :class:`ValueError` on an unknown kind."""
    checks = []
    for rule in model.rules:
        compile_rule = _RULES.get(rule.get("kind"))  # type: ignore[arg-type]
        if compile_rule is None:
            raise ValueError(
                f"{model.input_schema}: unknown x-liangxin-rules kind {rule.get('kind')!r};"
                f" known kinds: {sorted(_RULES)!r}"
            )
        checks.append(compile_rule(rule))
    return tuple(checks)
