"""Where tasks, callback deliveries and credits live: memory, or SQLite that survives restarts.

Both stores have one interface. The SQLite store writes through on every change (WAL mode,
one small row per task), so a hard kill loses at most the write in progress; on start the
engine reloads everything and resumes pending callbacks.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Protocol

import attrs

from mock_server.lifecycle import Plan, Task

__all__ = ["Attempt", "Delivery", "MemoryStore", "SqliteStore", "Store", "open_store"]

DeliveryState = Literal["pending", "delivered", "gave_up", "dropped"]


@attrs.frozen(slots=True)
class Attempt:
    """One POST of a callback: when, and the status code or the transport error."""

    at_ms: int
    status: int | None
    error: str | None
    duration_ms: int


@attrs.frozen(slots=True)
class Delivery:
    """The callback of one task; ``body`` is fixed when the task ends."""

    task_id: str
    url: str
    body: str
    state: DeliveryState = "pending"
    attempts: tuple[Attempt, ...] = ()
    next_ms: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "taskId": self.task_id,
            "url": self.url,
            "state": self.state,
            "attempts": [attrs.asdict(a) for a in self.attempts],
            "nextAttemptTime": self.next_ms if self.state == "pending" else None,
            "body": json.loads(self.body),
        }


class Store(Protocol):
    def add_task(self, task: Task) -> None: ...
    def get_task(self, task_id: str) -> Task | None: ...
    def delete_task(self, task_id: str) -> None: ...
    def tasks(self) -> Iterator[Task]: ...
    def count_tasks(self) -> int: ...
    def put_delivery(self, delivery: Delivery) -> None: ...
    def get_delivery(self, task_id: str) -> Delivery | None: ...
    def deliveries(self) -> Iterator[Delivery]: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def clear(self) -> None: ...
    def close(self) -> None: ...


_TASK_FIELDS = tuple(field.name for field in attrs.fields(Task))
_PLAN_AT = _TASK_FIELDS.index("plan")
_task_values = operator.attrgetter(*_TASK_FIELDS)
_plan_values = operator.attrgetter(*(field.name for field in attrs.fields(Plan)))
PackedTask = tuple[Any, ...]


def _pack(task: Task) -> PackedTask:
    """``task`` as a plain tuple of its fields, the plan a plain tuple too.

    A plain tuple of strings and numbers is dropped from the garbage collector's watch after
    the first collection it survives; an attrs instance never is. Kept as objects, 150,000
    tasks made every full collection walk 300,000 more objects, pausing the whole server for
    up to ~100 ms (createTask p99 under load ~45 ms); kept packed, they cost it nothing.
    """
    values = _task_values(task)
    return (*values[:_PLAN_AT], _plan_values(task.plan), *values[_PLAN_AT + 1 :])


def _unpack(packed: PackedTask) -> Task:
    # Positional, in field order (mypy cannot count the arguments of a sliced tuple).
    return Task(*packed[:_PLAN_AT], Plan(*packed[_PLAN_AT]), *packed[_PLAN_AT + 1 :])  # type: ignore[call-arg]


class MemoryStore:
    """Dicts; the default. Tasks are kept packed (see :func:`_pack`)."""

    def __init__(self) -> None:
        self._tasks: dict[str, PackedTask] = {}
        self._deliveries: dict[str, Delivery] = {}
        self._meta: dict[str, str] = {}

    def add_task(self, task: Task) -> None:
        self._tasks[task.task_id] = _pack(task)

    def get_task(self, task_id: str) -> Task | None:
        packed = self._tasks.get(task_id)
        return None if packed is None else _unpack(packed)

    def delete_task(self, task_id: str) -> None:
        self._tasks.pop(task_id, None)
        self._deliveries.pop(task_id, None)

    def tasks(self) -> Iterator[Task]:
        return iter([_unpack(packed) for packed in self._tasks.values()])

    def count_tasks(self) -> int:
        return len(self._tasks)

    def put_delivery(self, delivery: Delivery) -> None:
        self._deliveries[delivery.task_id] = delivery

    def get_delivery(self, task_id: str) -> Delivery | None:
        return self._deliveries.get(task_id)

    def deliveries(self) -> Iterator[Delivery]:
        return iter(list(self._deliveries.values()))

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value

    def clear(self) -> None:
        self._tasks.clear()
        self._deliveries.clear()
        self._meta.clear()

    def close(self) -> None:
        return None


def _task_to_row(task: Task) -> str:
    return json.dumps(attrs.asdict(task, recurse=True), separators=(",", ":"))


def _task_from_row(text: str) -> Task:
    raw = json.loads(text)
    return Task(**{**raw, "plan": Plan(**raw["plan"])})


def _delivery_to_row(delivery: Delivery) -> str:
    return json.dumps(attrs.asdict(delivery, recurse=True), separators=(",", ":"))


def _delivery_from_row(text: str) -> Delivery:
    raw = json.loads(text)
    return Delivery(**{**raw, "attempts": tuple(Attempt(**a) for a in raw["attempts"])})


class SqliteStore:
    """One SQLite file; every change is committed at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, row TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, row TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """
        )

    def add_task(self, task: Task) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO tasks VALUES (?, ?)", (task.task_id, _task_to_row(task))
        )

    def get_task(self, task_id: str) -> Task | None:
        row = self._db.execute("SELECT row FROM tasks WHERE id = ?", (task_id,)).fetchone()
        return _task_from_row(row[0]) if row else None

    def delete_task(self, task_id: str) -> None:
        self._db.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
        self._db.execute("DELETE FROM deliveries WHERE id = ?", (task_id,))

    def tasks(self) -> Iterator[Task]:
        rows = self._db.execute("SELECT row FROM tasks ORDER BY rowid").fetchall()
        return (_task_from_row(r[0]) for r in rows)

    def count_tasks(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM tasks").fetchone()[0])

    def put_delivery(self, delivery: Delivery) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO deliveries VALUES (?, ?)",
            (delivery.task_id, _delivery_to_row(delivery)),
        )

    def get_delivery(self, task_id: str) -> Delivery | None:
        row = self._db.execute("SELECT row FROM deliveries WHERE id = ?", (task_id,)).fetchone()
        return _delivery_from_row(row[0]) if row else None

    def deliveries(self) -> Iterator[Delivery]:
        rows = self._db.execute("SELECT row FROM deliveries ORDER BY rowid").fetchall()
        return (_delivery_from_row(r[0]) for r in rows)

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        self._db.executescript("DELETE FROM tasks; DELETE FROM deliveries; DELETE FROM meta;")

    def close(self) -> None:
        self._db.close()


def open_store(path: Path | None) -> Store:
    """SQLite at ``path``, or memory when ``path`` is ``None``."""
    return SqliteStore(path) if path is not None else MemoryStore()
