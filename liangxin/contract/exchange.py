"""One real request and its answer, checked against the spec; and saving answers as examples.

The spec says which statuses an operation may answer and which component schema each JSON
body follows; :func:`check_response` holds a real ``httpx.Response`` against both and keeps
the raw body, so that a drifting answer is still there to read and to save.

    >>> import httpx
    >>> from mock_server.spec import load_spec
    >>> call = Call("GET", "/api/v1/jobs/recordInfo", "recordInfo", "z-image", "polled", (200,))
    >>> answer = httpx.Response(200, json={"code": 200, "msg": "success", "data": None})
    >>> check_response(load_spec(), call, answer).ok
    True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx

from liangxin.contract.drift import Finding, check_body
from mock_server.spec import Spec

__all__ = ["Call", "Exchange", "check_response", "declared_responses", "save_examples"]


@attrs.frozen
class Call:
    """What a request is for: its operation, a label, the model and state it documents."""

    method: str
    path: str
    label: str
    model: str
    state: str
    expect: tuple[int, ...]


@attrs.frozen
class Exchange:
    """A checked answer: drift ``findings`` and other ``problems`` (status, lifecycle)."""

    call: Call
    status: int
    body: Any
    schema: str | None
    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings and not self.problems

    def line(self) -> str:
        """``ok        GET recordInfo z-image → 200 RecordInfoResponse [success]`` + details."""
        verdict = "ok" if self.ok else ("DRIFT" if self.findings else "PROBLEM")
        head = f"{verdict:<8}  {self.call.method} {self.call.label} → {self.status} "
        head += f"{self.schema or '(no schema)'} [{self.call.state}]"
        details = [str(finding) for finding in self.findings] + list(self.problems)
        return "\n".join([head, *(f"          {detail}" for detail in details)])


def declared_responses(spec: Spec, method: str, path: str) -> dict[str, str | None]:
    """Status → component schema name of the JSON body, as the spec declares them."""
    operation = spec.document["paths"][path][method.lower()]
    declared: dict[str, str | None] = {}
    for status, response in operation.get("responses", {}).items():
        content = spec.resolve(response).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        declared[str(status)] = str(ref).rsplit("/", 1)[-1] if ref else None
    return declared


def check_response(spec: Spec, call: Call, response: httpx.Response) -> Exchange:
    """Hold ``response`` against the spec: declared status, expected status, body drift."""
    problems: list[str] = []
    status = response.status_code
    declared = declared_responses(spec, call.method, call.path)
    if status not in call.expect:
        problems.append(f"expected HTTP {' or '.join(map(str, sorted(call.expect)))}, got {status}")
    if str(status) not in declared:
        problems.append(
            f"HTTP {status} is not declared for {call.method} {call.path} "
            f"(declared: {', '.join(sorted(declared))})"
        )
    try:
        body = response.json()
    except ValueError:
        problems.append(f"the body is not JSON: {response.text[:80]!r}")
        return Exchange(call, status, None, None, problems=tuple(problems))
    schema = declared.get(str(status))
    if schema is None:
        return Exchange(call, status, body, None, problems=tuple(problems))
    result = check_body(spec, schema, body)
    return Exchange(call, status, body, result.schema, result.findings, tuple(problems))


def save_examples(exchanges: Sequence[Exchange], directory: Path) -> list[Path]:
    """Write bodies as ``<directory>/<ComponentSchemaName>/live-<model>-<state>.json``.

    The first body of each (schema, model, state) is kept; returns the files written. A body
    with drift is written too: the example tests then show the drift until the spec follows.
    """
    written: list[Path] = []
    for exchange in exchanges:
        if exchange.schema is None or exchange.body is None:
            continue
        name = f"live-{exchange.call.model}-{exchange.call.state}.json"
        target = directory / exchange.schema / name
        if target in written:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(exchange.body, indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
