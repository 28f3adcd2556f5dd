"""The live check's steps: submit minimal tasks, poll them to the end, probe the errors.

Every answer becomes an :class:`~liangxin.contract.exchange.Exchange`; the clock and the
sleep are parameters, so the polling schedule is testable without waiting.

    >>> import httpx
    >>> from mock_server.spec import load_spec
    >>> options = LiveOptions(base_url="http://127.0.0.1:8000", api_key="key")
    >>> with httpx.Client(base_url=options.base_url) as client:  # doctest: +SKIP
    ...     check = LiveCheck(load_spec(), options, client=client)
    ...     check.run()
    >>> [e.line() for e in check.exchanges]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import attrs
import httpx

from liangxin.contract.exchange import Call, Exchange, check_response
from mock_server.spec import Spec

__all__ = [
    "CREATE_PATH",
    "RECORD_PATH",
    "LiveCheck",
    "LiveOptions",
    "minimal_request",
    "poll_delay",
]

CREATE_PATH = "/api/v1/jobs/createTask"
RECORD_PATH = "/api/v1/jobs/recordInfo"
_ORDER = {"submitted": -1, "waiting": 0, "queuing": 1, "generating": 2, "success": 3, "fail": 3}
_RETRIES_ON_429 = 3
_UNKNOWN_TASK = "task_liangxin-contract-check_0000000000000"


@attrs.frozen
class LiveOptions:
    """What to run against which service."""

    base_url: str
    api_key: str = attrs.field(repr=False)
    models: tuple[str, ...] = ("z-image",)
    timeout: float = 600.0
    poll_interval: float = 2.0
    prompt: str = "a small red cube on a white table, studio light"
    image_url: str | None = None
    callback_url: str | None = None
    probes: bool = True


def poll_delay(elapsed: float, interval: float) -> float:
    """Seconds before the next poll of a task submitted ``elapsed`` seconds ago.

    The spec's analog guidance: every 2-3 s for 30 s, then 5-10 s, then 15-30 s.

    >>> [poll_delay(t, 2.0) for t in (0, 45, 300)]
    [2.0, 5.0, 15.0]
    """
    if elapsed < 30:
        return interval
    return interval * (2.5 if elapsed < 120 else 7.5)


def minimal_request(
    spec: Spec,
    model: str,
    *,
    prompt: str,
    image_url: str | None = None,
    callback_url: str | None = None,
) -> dict[str, Any]:
    """The cheapest createTask body for ``model``: its required input fields, nothing else.

    >>> from mock_server.spec import load_spec
    >>> minimal_request(load_spec(), "z-image", prompt="a fox")
    {'model': 'z-image', 'input': {'prompt': 'a fox'}}
    """
    if model not in spec.models:
        raise ValueError(f"unknown model {model!r}; the spec has {sorted(spec.models)!r}")
    schema = spec.models[model].input
    properties = schema["properties"]
    needed = list(schema.get("required", ()))
    if "prompt" in properties and "prompt" not in needed:
        needed.insert(0, "prompt")  # kling-v3-pro: required unless multi_prompt is given
    payload: dict[str, Any] = {}
    for name in needed:
        kind = spec.resolve(properties[name]).get("type")
        if kind == "string" and "prompt" in name:
            payload[name] = prompt
        elif kind == "array" and image_url:
            payload[name] = [image_url]
        else:
            hint = "; pass --image-url URL" if kind == "array" else ""
            raise ValueError(f"{model}: cannot fill required input.{name} ({kind!r}){hint}")
    body: dict[str, Any] = {"model": model, "input": payload}
    if callback_url:
        body["callBackUrl"] = callback_url
    return body


@attrs.define
class _Task:
    model: str
    task_id: str
    submitted: float
    due: float
    state: str = "submitted"


class LiveCheck:
    """Runs the check with an ``httpx.Client``; results in ``exchanges`` and ``problems``."""

    def __init__(
        self,
        spec: Spec,
        options: LiveOptions,
        *,
        client: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec, self.options, self.client = spec, options, client
        self.sleep, self.monotonic = sleep, monotonic
        self.exchanges: list[Exchange] = []
        self.problems: list[str] = []

    def run(self) -> None:
        """Submit one task per model, poll them all to the end, then probe the errors."""
        tasks = [t for m in self.options.models if (t := self._submit(m)) is not None]
        self._poll(tasks)
        if self.options.probes and self.options.models:
            self._probe(self.options.models[0])

    def _body(self, model: str, *, callback: bool = False) -> dict[str, Any]:
        options = self.options
        return minimal_request(
            self.spec,
            model,
            prompt=options.prompt,
            image_url=options.image_url,
            callback_url=options.callback_url if callback else None,
        )

    def _submit(self, model: str) -> _Task | None:
        call = Call("POST", CREATE_PATH, f"createTask {model}", model, "submitted", (200,))
        exchange = self.send(call, json=self._body(model, callback=True))
        data = exchange.body.get("data") if isinstance(exchange.body, dict) else None
        task_id = data.get("taskId") if isinstance(data, dict) else None
        if exchange.status != 200 or not isinstance(task_id, str):
            self.problems.append(f"{model}: no taskId from createTask (HTTP {exchange.status})")
            return None
        now = self.monotonic()
        return _Task(model, task_id, submitted=now, due=now + self.options.poll_interval)

    def _poll(self, tasks: list[_Task]) -> None:
        deadline = self.monotonic() + self.options.timeout
        pending = list(tasks)
        while pending:
            task = min(pending, key=lambda t: t.due)
            if task.due > deadline:
                break
            self.sleep(max(0.0, task.due - self.monotonic()))
            call = Call(
                "GET", RECORD_PATH, f"recordInfo {task.model}", task.model, "polled", (200,)
            )
            exchange = self.send(call, params={"taskId": task.task_id})
            record = exchange.body.get("data") if isinstance(exchange.body, dict) else None
            if exchange.status != 200 or not isinstance(record, dict):
                pending.remove(task)
                continue
            self._check_record(task, record)
            if task.state in ("success", "fail"):
                pending.remove(task)
            else:
                elapsed = self.monotonic() - task.submitted
                task.due = self.monotonic() + poll_delay(elapsed, self.options.poll_interval)
        for task in pending:
            self.problems.append(
                f"{task.model}: task {task.task_id!r} did not finish within "
                f"{self.options.timeout:g} s (last state {task.state!r})"
            )

    def _check_record(self, task: _Task, record: dict[str, Any]) -> None:
        """Lifecycle checks on a polled record; the exchange is renamed after its state."""
        last = self.exchanges[-1]
        state = str(record.get("state"))
        problems = list(last.problems)
        if _ORDER.get(state, 99) < _ORDER[task.state]:
            problems.append(f"state went back from {task.state!r} to {state!r}")
        if record.get("taskId") != task.task_id:
            problems.append(f"data.taskId {record.get('taskId')!r} is not {task.task_id!r}")
        if record.get("model") != task.model:
            problems.append(f"data.model {record.get('model')!r} is not {task.model!r}")
        call = attrs.evolve(last.call, state=state)
        self.exchanges[-1] = attrs.evolve(last, call=call, problems=tuple(problems))
        task.state = state if state in _ORDER else task.state

    def _probe(self, model: str) -> None:
        """Answers that cost nothing: invalid bodies, an unknown task, a wrong key."""
        properties = self.spec.models[model].input["properties"]
        candidates = ("aspect_ratio", *properties)
        field = next((n for n in candidates if self._is_enum(properties.get(n))), None)
        base = self._body(model)
        create = functools.partial(Call, "POST", CREATE_PATH, model=model, expect=(400,))
        if field is not None:
            bad = {**base, "input": {**base["input"], field: "not-a-valid-value"}}
            state = "bad-" + field.replace("_", "-")
            self.send(create(f"createTask {model} (bad {field})", state=state), json=bad)
        no_prompt = {**base, "input": {k: v for k, v in base["input"].items() if k != "prompt"}}
        self.send(create(f"createTask {model} (no prompt)", state="missing-prompt"), json=no_prompt)
        record = functools.partial(Call, "GET", RECORD_PATH, model="recordinfo")
        unknown = {"taskId": _UNKNOWN_TASK}
        call = record("recordInfo (unknown taskId)", state="unknown-task", expect=(404, 422))
        self.send(call, params=unknown)
        wrong_key = {"Authorization": "Bearer liangxin-contract-check-invalid-key"}
        call = record("recordInfo (wrong key)", state="unauthorized", expect=(401,))
        self.send(call, params=unknown, headers=wrong_key)

    def _is_enum(self, node: Any) -> bool:
        return isinstance(node, dict) and bool(self.spec.enum_of(node))

    def send(self, call: Call, **request: Any) -> Exchange:
        """Make one request (waiting out up to 3 unexpected 429s) and record the exchange."""
        for attempt in range(_RETRIES_ON_429 + 1):
            try:
                response = self.client.request(call.method, call.path, **request)
            except httpx.HTTPError as exc:
                failed = Exchange(call, 0, None, None, problems=(f"{type(exc).__name__}: {exc}",))
                self.exchanges.append(failed)
                return failed
            if response.status_code != 429 or 429 in call.expect or attempt == _RETRIES_ON_429:
                break
            limited = attrs.evolve(call, label=f"{call.label} (rate limited)", expect=(429,))
            self.exchanges.append(check_response(self.spec, limited, response))
            self.sleep(_retry_after(response))
        exchange = check_response(self.spec, call, response)
        self.exchanges.append(exchange)
        return exchange


def _retry_after(response: httpx.Response, default: float = 1.0) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", default)))
    except ValueError:
        return default
