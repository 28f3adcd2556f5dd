"""A callback receiver for the scale run: counts what the mock POSTs, in its own process.

``POST /callback`` takes one callback (always ``200``); ``GET /stats`` answers what came:
how many, how many distinct tasks, duplicates, states, when the first and the last arrived;
``GET /stats?spans=1`` adds the ``(createTime, completeTime)`` of every task (so the driver
can tell how many were in flight at once) and how late after completion each callback came.
A raw ASGI app (no framework) on uvicorn, so the receiver costs little.

Run it as ``python -m benchmarks.receiver PORT`` (the scale run starts it pinned to the load
core).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

import uvicorn

__all__ = ["Receiver", "main"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Receiver:
    """The ASGI app; its state is the tally of callbacks."""

    def __init__(self) -> None:
        self.count = 0
        self.task_ids: set[str] = set()
        self.duplicates = 0
        self.bad = 0
        self.states: Counter[str] = Counter()
        self.first_s: float | None = None
        self.last_s: float | None = None
        self.spans: list[tuple[int, int]] = []
        #: How long after its task completed each callback arrived, in ms.
        self.delays_ms: list[int] = []

    def stats(self, *, spans: bool = False) -> dict[str, Any]:
        """The tally; with ``spans``, every task's ``(createTime, completeTime)`` too."""
        return {
            "count": self.count,
            "unique": len(self.task_ids),
            "duplicates": self.duplicates,
            "bad": self.bad,
            "states": dict(self.states),
            "first_s": self.first_s,
            "last_s": self.last_s,
            **({"spans": self.spans, "delays_ms": self.delays_ms} if spans else {}),
        }

    def _record(self, body: bytes) -> None:
        now = time.time()
        self.count += 1
        self.first_s = self.first_s or now
        self.last_s = now
        try:
            data = json.loads(body)["data"]
            task_id = str(data["taskId"])
        except (ValueError, KeyError, TypeError):
            self.bad += 1
            return
        if task_id in self.task_ids:
            self.duplicates += 1
            return
        self.task_ids.add(task_id)
        self.states[str(data.get("state"))] += 1
        if isinstance(data.get("createTime"), int) and isinstance(data.get("completeTime"), int):
            self.spans.append((data["createTime"], data["completeTime"]))
            self.delays_ms.append(round(now * 1000) - data["completeTime"])

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                while (message := await receive())["type"] != "lifespan.shutdown":
                    await send({"type": "lifespan.startup.complete"})
                await send({"type": "lifespan.shutdown.complete"})
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        if scope["method"] == "POST" and scope["path"] == "/callback":
            self._record(b"".join(chunks))
            payload = b'{"ok":true}'
        elif scope["path"] == "/stats":
            spans = scope.get("query_string", b"") == b"spans=1"
            payload = json.dumps(self.stats(spans=spans)).encode()
        else:
            payload = b"{}"
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.receiver PORT``: serve until interrupted."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not args[0].isdigit():
        print("usage: python -m benchmarks.receiver PORT", file=sys.stderr)
        return 2
    uvicorn.run(
        Receiver(),
        host="127.0.0.1",
        port=int(args[0]),
        log_level="warning",
        access_log=False,
        lifespan="on",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
