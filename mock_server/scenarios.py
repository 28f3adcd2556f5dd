"""Scenario rules: force outcomes without touching the public contract.

Rules come from a file (``--rules``, YAML or JSON) and from ``POST /_mock/rules``. Each is
matched against every createTask in order; the first rule that matches applies, and a rule
with ``times`` is used up after that many matches. Example file::

    rules:
      - name: saturated
        match: {api_key: load-test}
        reject: {status: 429, message: current group upstream load is saturated, retry_after: 3}
      - name: cats-fail
        match: {model: z-image, prompt_contains: cat}
        times: 1
        fail: {code: "501", message: content policy violation}
      - name: slow-video
        match: {model: kling-v3-pro}
        duration_factor: 10          # 0 finishes at once, 10 is ten times slower
      - name: lost-callback
        match: {prompt_contains: no-callback}
        callback: drop               # the task ends but its callback is never sent
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from mock_server.errors import (
    BadRequest,
    Forbidden,
    MockError,
    PayloadTooLarge,
    RateLimited,
    ServerFault,
    Unauthorized,
)

__all__ = ["Effect", "Rule", "RuleBook", "parse_rules"]

_MATCH_KEYS = {"model", "prompt_contains", "api_key"}
_RULE_KEYS = {"name", "match", "times", "reject", "fail", "duration_factor", "callback"}
_REJECT_KEYS = {"status", "message", "retry_after"}
_REJECT_STATUSES = {400: BadRequest, 401: Unauthorized, 403: Forbidden, 413: PayloadTooLarge}
_REJECT_STATUSES_ALL = sorted([*_REJECT_STATUSES, 422, 429, 500])


@attrs.frozen
class Effect:
    """What the matching rule does to one createTask."""

    rule: str
    reject: MockError | None = None
    fail: tuple[str, str] | None = None
    duration_factor: float = 1.0
    drop_callback: bool = False

    def plan_options(self) -> dict[str, Any]:
        """What this effect changes in :func:`mock_server.lifecycle.plan_task`'s draw."""
        return {
            "duration_factor": self.duration_factor,
            "forced_failure": self.fail,
            "drop_callback": self.drop_callback,
        }


@attrs.define
class Rule:
    name: str
    models: frozenset[str] | None
    prompt_contains: str | None
    api_key: str | None
    times: int | None
    reject: Mapping[str, Any] | None
    fail: tuple[str, str] | None
    duration_factor: float
    drop_callback: bool

    def matches(self, *, model: str, prompt: str, api_key: str) -> bool:
        if self.models is not None and model not in self.models:
            return False
        if self.prompt_contains is not None and self.prompt_contains not in prompt:
            return False
        return self.api_key is None or self.api_key == api_key

    def effect(self) -> Effect:
        return Effect(
            rule=self.name,
            reject=_reject_error(self.reject) if self.reject else None,
            fail=self.fail,
            duration_factor=self.duration_factor,
            drop_callback=self.drop_callback,
        )

    def to_json(self) -> dict[str, Any]:
        match: dict[str, Any] = {}
        if self.models is not None:
            match["model"] = sorted(self.models)
        if self.prompt_contains is not None:
            match["prompt_contains"] = self.prompt_contains
        if self.api_key is not None:
            match["api_key"] = self.api_key
        out: dict[str, Any] = {"name": self.name, "match": match, "times": self.times}
        if self.reject:
            out["reject"] = dict(self.reject)
        if self.fail:
            out["fail"] = {"code": self.fail[0], "message": self.fail[1]}
        out["duration_factor"] = self.duration_factor
        out["callback"] = "drop" if self.drop_callback else "deliver"
        return out


def _reject_error(spec: Mapping[str, Any]) -> MockError:
    status = int(spec["status"])
    message = str(spec.get("message") or f"rejected by scenario (HTTP {status})")
    if status == 429:
        return RateLimited(message, retry_after=float(spec.get("retry_after", 1)))
    if status in _REJECT_STATUSES:
        return _REJECT_STATUSES[status](message)
    if status == 500:
        return ServerFault(message)
    return MockError(message, status=status)


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(f"{where}: {problem}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """A finite number >= 0 (YAML's ``.inf`` and a bool are not)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _parse_rule(raw: Any, index: int) -> Rule:
    where = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        raise _fail(where, f"must be an object, got {raw!r}")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise _fail(where, f"unknown keys {unknown!r}; allowed: {sorted(_RULE_KEYS)!r}")
    name = str(raw.get("name") or f"rule-{index}")
    match = raw.get("match", {})
    if not isinstance(match, Mapping) or set(match) - _MATCH_KEYS:
        raise _fail(
            f"{where}.match", f"{match!r} is not valid; allowed keys: {sorted(_MATCH_KEYS)!r}"
        )
    models = match.get("model")
    if isinstance(models, str):
        models = [models]
    if models is not None and (
        not isinstance(models, list) or not models or not all(isinstance(m, str) for m in models)
    ):
        raise _fail(f"{where}.match.model", f"{models!r} must be a model id or a list of them")
    for key in ("prompt_contains", "api_key"):
        if not isinstance(match.get(key, ""), str):
            raise _fail(f"{where}.match.{key}", f"{match[key]!r} must be a string")
    times = raw.get("times")
    if times is not None and (not _is_int(times) or times < 1):
        raise _fail(f"{where}.times", f"{times!r} must be a positive integer")
    reject = raw.get("reject")
    if reject is not None:
        status = reject.get("status") if isinstance(reject, Mapping) else None
        if status not in _REJECT_STATUSES_ALL:
            raise _fail(
                f"{where}.reject.status",
                f"{status!r} is not one of the declared statuses {_REJECT_STATUSES_ALL!r}",
            )
        unknown = sorted(set(reject) - _REJECT_KEYS)
        if unknown:
            raise _fail(
                f"{where}.reject", f"unknown keys {unknown!r}; allowed: {sorted(_REJECT_KEYS)!r}"
            )
        retry_after = reject.get("retry_after", 1)
        if not _is_number(retry_after):
            raise _fail(f"{where}.reject.retry_after", f"{retry_after!r} must be a number >= 0")
    fail = raw.get("fail")
    fail_pair = None
    if fail is not None:
        if not isinstance(fail, Mapping) or "code" not in fail:
            raise _fail(f"{where}.fail", f"{fail!r} must be an object with `code` and `message`")
        fail_pair = (str(fail["code"]), str(fail.get("message", "generation failed")))
    factor = raw.get("duration_factor", 1.0)
    if not _is_number(factor):
        raise _fail(f"{where}.duration_factor", f"{factor!r} must be a number >= 0")
    callback = raw.get("callback", "deliver")
    if callback not in ("deliver", "drop"):
        raise _fail(f"{where}.callback", f"{callback!r} is not one of ['deliver', 'drop']")
    return Rule(
        name=name,
        models=None if models is None else frozenset(models),
        prompt_contains=match.get("prompt_contains"),
        api_key=match.get("api_key"),
        times=times,
        reject=reject,
        fail=fail_pair,
        duration_factor=float(factor),
        drop_callback=callback == "drop",
    )


def parse_rules(document: Any) -> list[Rule]:
    """Rules from a parsed file or request body: ``{"rules": [...]}``, a list, or one rule."""
    if isinstance(document, Mapping) and "rules" in document:
        items = document["rules"]
    elif isinstance(document, list):
        items = document
    else:
        items = [document]
    if not isinstance(items, list):
        raise ValueError(f"rules: must be a list, got {items!r}")
    return [_parse_rule(raw, i) for i, raw in enumerate(items)]


class RuleBook:
    """The rules in force, in order."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self.rules: list[Rule] = list(rules)

    @classmethod
    def from_file(cls, path: Path) -> RuleBook:
        with path.open(encoding="utf-8") as fh:
            return cls(parse_rules(yaml.safe_load(fh)))

    def add(self, rules: Iterable[Rule]) -> None:
        self.rules.extend(rules)

    def clear(self) -> None:
        self.rules.clear()

    def apply(self, *, model: str, prompt: str, api_key: str) -> Effect | None:
        """The effect of the first matching rule (using up one of its ``times``)."""
        for rule in self.rules:
            if rule.matches(model=model, prompt=prompt, api_key=api_key):
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times == 0:
                        self.rules.remove(rule)
                return rule.effect()
        return None
