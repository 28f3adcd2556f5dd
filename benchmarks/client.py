"""Client overhead: the generated client (and the ``liangxin`` facade) vs raw ``httpx``.

One iteration is a createTask of the z-image example followed by a recordInfo of the new task
(finished at once: the mock runs at speed 10⁹, so the record carries its result URLs). Every
contender sends through the *same* ``httpx.Client`` (one connection pool, same headers) to
the same served mock, pinned to the server core; rounds are interleaved and the medians of
the per-iteration times are compared:

* ``httpx`` — ``client.post(..., json=body)`` and ``client.get(..., params=...)``, ``.json()``
  on both answers;
* ``generated`` — ``create_task.sync_detailed`` and ``get_task_details.sync_detailed`` of
  ``liangxin_client`` (request model built once, answers parsed into its models);
* ``facade`` — ``LiangXin.submit`` and ``LiangXin.get`` (also decodes ``param`` and
  ``resultJson``), when the ``liangxin`` package is importable.

Also the parse cost of one record: ``RecordInfoResponse.from_dict`` on the spec's success
example (and, for scale, ``json.loads`` of the same text and the facade's ``Task.from_dict``).
"""

from __future__ import annotations

import json
import statistics
import sys
import timeit
from collections.abc import Callable
from typing import Any

import attrs
import httpx
from liangxin_client import AuthenticatedClient
from liangxin_client.api.jobs import create_task, get_task_details
from liangxin_client.models import (
    CreateTaskData,
    CreateTaskResponse,
    RecordInfoResponse,
    ZImageRequest,
)

from benchmarks.servers import TARGETS, running_server
from benchmarks.throughput import API_KEY, EXAMPLES

__all__ = ["ClientReport", "ClientTiming", "parse_costs", "run_client"]

CLIENT_SETTINGS: dict[str, Any] = {
    "rate_limit": 1_000_000_000,
    "initial_credits": 1e15,
    "speed": 1e9,
}


@attrs.frozen
class ClientTiming:
    """Per-iteration time (create + get) of one way of calling, median over rounds."""

    name: str
    per_iteration_us: float
    rounds_us: tuple[float, ...]
    ratio_to_httpx: float


@attrs.frozen
class ClientReport:
    """What the client overhead run measured."""

    iterations: int
    rounds: int
    timings: tuple[ClientTiming, ...]
    parse_us: dict[str, float]
    facade: str


def _example_body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(
        (EXAMPLES / "CreateTaskRequest" / "z-image.json").read_text(encoding="utf-8")
    )
    body.pop("callBackUrl", None)  # never call back to a host named in an example
    return body


def parse_costs(number: int = 2000) -> dict[str, float]:
    """Microseconds to parse the spec's success record: generated model, facade, json."""
    text = (EXAMPLES / "RecordInfoResponse" / "success.json").read_text(encoding="utf-8")
    data = json.loads(text)
    costs: dict[str, Callable[[], object]] = {
        "json.loads (the response text)": lambda: json.loads(text),
        "RecordInfoResponse.from_dict": lambda: RecordInfoResponse.from_dict(data),
    }
    try:
        from liangxin.records import Task
    except ImportError:
        pass
    else:
        costs["liangxin Task.from_dict (decodes param, resultJson)"] = lambda: Task.from_dict(
            data["data"]
        )
    return {
        name: round(min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6, 2)
        for name, fn in costs.items()
    }


def _contenders(api: AuthenticatedClient, facade: Any) -> dict[str, Callable[[], object]]:
    http = api.get_httpx_client()
    body = _example_body()
    request = ZImageRequest.from_dict(body)

    def raw() -> object:
        created = http.post("/api/v1/jobs/createTask", json=body).json()
        task_id = created["data"]["taskId"]
        return http.get("/api/v1/jobs/recordInfo", params={"taskId": task_id}).json()

    def generated() -> object:
        created = create_task.sync_detailed(client=api, body=request).parsed
        if not isinstance(created, CreateTaskResponse) or not isinstance(
            created.data, CreateTaskData
        ):
            raise RuntimeError(f"createTask answered {created!r}")
        task_id = created.data.task_id
        return get_task_details.sync_detailed(client=api, task_id=task_id).parsed

    contenders: dict[str, Callable[[], object]] = {"httpx": raw, "generated": generated}
    if facade is not None:
        contenders["facade"] = lambda: facade.get(facade.submit(request))
    return contenders


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_client(
    *,
    iterations: int = 1000,
    rounds: int = 5,
    parse_number: int = 2000,
    log: Callable[[str], None] = _log,
) -> ClientReport:
    """Time ``iterations`` create+get per contender, ``rounds`` times, interleaved."""
    with running_server(TARGETS["mock uvicorn"], settings=CLIENT_SETTINGS) as server:
        facade: Any = None
        facade_note = "liangxin facade not importable: measured the generated client only"
        try:
            from liangxin import LiangXin
        except ImportError:
            api = AuthenticatedClient(base_url=server.base_url, token=API_KEY)
        else:
            facade = LiangXin(API_KEY, server.base_url)
            api = facade.api
            facade_note = "liangxin.LiangXin (sync), sharing the generated client's httpx.Client"
        http: httpx.Client = api.get_httpx_client()
        try:
            contenders = _contenders(api, facade)
            for fn in contenders.values():  # warm up: connection, imports, caches
                for _ in range(min(50, iterations)):
                    fn()
            samples: dict[str, list[float]] = {name: [] for name in contenders}
            for round_ in range(rounds):
                for name, fn in contenders.items():
                    seconds = timeit.timeit(fn, number=iterations)
                    samples[name].append(seconds / iterations * 1e6)
                log(
                    f"  round {round_ + 1}/{rounds}: "
                    + ", ".join(f"{n} {s[-1]:.0f} µs" for n, s in samples.items())
                )
        finally:
            http.close()
    base = statistics.median(samples["httpx"])
    timings = tuple(
        ClientTiming(
            name=name,
            per_iteration_us=round(statistics.median(values), 1),
            rounds_us=tuple(round(v, 1) for v in values),
            ratio_to_httpx=round(statistics.median(values) / base, 3),
        )
        for name, values in samples.items()
    )
    return ClientReport(
        iterations=iterations,
        rounds=rounds,
        timings=timings,
        parse_us=parse_costs(parse_number),
        facade=facade_note,
    )
