"""The engine: creates tasks, answers for them, ends them and delivers their callbacks.

HTTP handlers call :meth:`Engine.create` and :meth:`Engine.record`; one background coroutine
(:meth:`Engine.run`) keeps a heap of due work — a task ending (its callback becomes due), a
callback retry, a finished task expiring — and sleeps on the injected clock until the next
item. States themselves are never "advanced": they are computed from the plan on every read
(:func:`mock_server.lifecycle.snapshot`), so 10,000 tasks in flight cost no timers.

Tests drive time with a :class:`~mock_server.clock.FakeClock` and call :meth:`Engine.settle`
to let every due item (and every callback POST it starts) finish before asserting.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
import random
from collections import OrderedDict
from typing import Any, TypeVar

import attrs

from mock_server import jsonio, media
from mock_server.accounts import Accounts
from mock_server.callbacks import CallbackSender
from mock_server.clock import Clock, FakeClock
from mock_server.errors import MockError, TaskNotFound
from mock_server.lifecycle import Task, plan_task, render_record, snapshot
from mock_server.outputs import ResultFile, result_files
from mock_server.scenarios import RuleBook
from mock_server.settings import Phases, Settings
from mock_server.spec import Spec
from mock_server.store import Delivery, Store
from mock_server.validation import RequestValidator

__all__ = ["Engine"]

log = logging.getLogger("mock_server")

K = TypeVar("K")
V = TypeVar("V")

_FINISH, _DELIVER, _EXPIRE = "finish", "deliver", "expire"
_FILE_CACHE_BYTES = 64 * 1024 * 1024
_FILE_LISTS_KEPT = 4096
_FINISHED_KEPT = 4096


def _remember(cache: dict[K, V], key: K, value: V, limit: int) -> None:
    """Store ``value``, first dropping the oldest entry once ``cache`` holds ``limit``."""
    if len(cache) >= limit:
        del cache[next(iter(cache))]
    cache[key] = value


class Engine:
    """The mock's core, independent of HTTP."""

    def __init__(
        self,
        *,
        spec: Spec,
        settings: Settings,
        clock: Clock,
        store: Store,
        sender: CallbackSender,
        rules: RuleBook,
    ) -> None:
        self.spec = spec
        self.settings = settings
        self.clock = clock
        self.store = store
        self.sender = sender
        self.rules = rules
        self.validator = RequestValidator(spec)
        self.accounts = Accounts(settings, store, clock)
        self.rng = random.Random(settings.seed)
        self._heap: list[tuple[int, int, str, str]] = []
        self._seq = itertools.count()
        self._inflight: set[asyncio.Task[None]] = set()
        self._wake: asyncio.Event | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._files: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._files_bytes = 0
        self._file_lists: dict[tuple[str, str], tuple[ResultFile, ...]] = {}
        self._finished: dict[str, tuple[Task, dict[str, Any]]] = {}
        self._terms: dict[str, tuple[float, Phases]] = {}
        self._last_id_ms = int(self.store.get_meta("last_id_ms") or 0)
        self._saved_clock_ms = int(self.store.get_meta("clock_ms") or 0)
        self._resume_clock()
        self._schedule_stored()

    # ------------------------------------------------------------------ tasks

    def create(self, body: dict[str, Any], *, api_key: str, base_url: str) -> Task:
        """Create a task from a validated body (scenario, quota and plan applied here)."""
        model_id = body["model"]
        terms = self._terms.get(model_id)
        if terms is None:
            terms = self._terms[model_id] = self._terms_of(model_id)
        cost, phases = terms
        effect = None
        if self.rules.rules:
            data = body.get("input") or {}
            prompt = str(data.get("prompt", "")) if isinstance(data, dict) else ""
            effect = self.rules.apply(model=model_id, prompt=prompt, api_key=api_key)
            if effect is not None and effect.reject is not None:
                raise effect.reject
        self.accounts.charge(api_key, cost, model=model_id)
        plan = plan_task(
            self.rng,
            phases,
            speed=self.settings.speed,
            jitter=self.settings.jitter,
            fail_rate=self.settings.fail_rate,
            **({} if effect is None else effect.plan_options()),
        )
        now = self.clock.now_ms()
        task = Task(
            task_id=self._new_task_id(model_id, now),
            model=model_id,
            api_key=api_key,
            param=jsonio.dumps(body).decode("utf-8"),  # the body re-encoded compactly
            callback_url=body.get("callBackUrl"),
            create_ms=now,
            plan=plan,
            cost=cost,
            base_url=(self.settings.public_base_url or base_url).rstrip("/"),
        )
        self.store.add_task(task)
        self._schedule_task(task)
        return task

    def _terms_of(self, model_id: str) -> tuple[float, Phases]:
        """What a task of ``model_id`` costs and how long its phases last (fixed per engine)."""
        kind = "video" if self.spec.models[model_id].is_video else "image"
        return self.settings.cost_for(model_id, kind), self.settings.phases_for(model_id, kind)

    def _new_task_id(self, model_id: str, now_ms: int) -> str:
        # Real ids look like task_<model>_<13-digit ms>; a counter keeps them unique even
        # when two tasks share a millisecond, and it survives restarts with the store.
        self._last_id_ms = max(now_ms, self._last_id_ms + 1)
        self.store.set_meta("last_id_ms", str(self._last_id_ms))
        return f"task_{model_id}_{self._last_id_ms}"

    def get_task(self, task_id: str, *, api_key: str | None = None) -> Task:
        task = self.store.get_task(task_id)
        if task is None or (api_key is not None and task.api_key != api_key):
            raise TaskNotFound(task_id)
        if self.clock.now_ms() >= task.complete_ms + self._retention_ms:
            self.store.delete_task(task_id)
            raise TaskNotFound(task_id)
        return task

    def record(
        self, task: Task, *, for_callback: bool = False, at_ms: int | None = None
    ) -> dict[str, Any]:
        """The task record (recordInfo's ``data``) at ``at_ms`` (default: now)."""
        snap = snapshot(task, self.clock.now_ms() if at_ms is None else at_ms)
        if not snap.is_terminal:
            return render_record(task, snap, [], for_callback=for_callback)
        # A finished task's record never changes again: for polling, rendered once and copied.
        known = None if for_callback else self._finished.get(task.task_id)
        if known is not None and (known[0] is task or known[0] == task):
            return dict(known[1])
        urls = []
        if snap.state == "success":
            urls = [f"{task.base_url}/files/{task.task_id}/{f.name}" for f in self.files_of(task)]
        data = render_record(task, snap, urls, for_callback=for_callback)
        if not for_callback:
            _remember(self._finished, task.task_id, (task, data), _FINISHED_KEPT)
        return dict(data)

    def files_of(self, task: Task) -> list[ResultFile]:
        # A pure function of the request (and of settings fixed for the engine's life):
        # remembered, because polling asks for the same task's files again and again.
        key = (task.model, task.param)
        files = self._file_lists.get(key)
        if files is None:
            files = tuple(
                result_files(
                    self.spec,
                    self.spec.models[task.model],
                    task.param,
                    server_seed=self.settings.seed,
                    max_video_side=self.settings.max_video_side,
                )
            )
            _remember(self._file_lists, key, files, _FILE_LISTS_KEPT)
        return list(files)

    async def render_file(self, task_id: str, name: str) -> tuple[bytes, str]:
        """The bytes and content type of one result file of a successful task."""
        task = self.get_task(task_id)
        if snapshot(task, self.clock.now_ms()).state != "success":
            raise MockError(f"task {task_id!r} has no results yet", status=404)
        wanted = next((f for f in self.files_of(task) if f.name == name), None)
        if wanted is None:
            names = [f.name for f in self.files_of(task)]
            raise MockError(f"task {task_id!r} has no file {name!r}; files: {names!r}", status=404)
        key = (task_id, name)
        if key in self._files:
            self._files.move_to_end(key)
            return self._files[key], media.media_type(wanted.fmt)
        data = await asyncio.to_thread(self._render, wanted)
        self._files[key] = data
        self._files_bytes += len(data)
        while self._files_bytes > _FILE_CACHE_BYTES and len(self._files) > 1:
            _, dropped = self._files.popitem(last=False)
            self._files_bytes -= len(dropped)
        return data, media.media_type(wanted.fmt)

    def _render(self, file: ResultFile) -> bytes:
        if file.fmt == "mp4":
            return media.render_video(
                file.width,
                file.height,
                file.duration_s or 5.0,
                seed=file.seed,
                fps=self.settings.video_fps,
            )
        return media.render_image(file.width, file.height, seed=file.seed, fmt=file.fmt)

    # ------------------------------------------------------------------ scheduling

    @property
    def _retention_ms(self) -> int:
        return round(self.settings.retention_s * 1000)

    def _push(self, due_ms: int, action: str, task_id: str) -> None:
        earliest = self._heap[0][0] if self._heap else None
        heapq.heappush(self._heap, (due_ms, next(self._seq), action, task_id))
        if self._wake is not None and (earliest is None or due_ms < earliest):
            self._wake.set()

    def _schedule_task(self, task: Task) -> None:
        if task.callback_url:
            self._push(task.complete_ms, _FINISH, task.task_id)
        self._push(task.complete_ms + self._retention_ms, _EXPIRE, task.task_id)

    def _resume_clock(self) -> None:
        # A fake clock starts wherever it is told (the CLI: at wall time), but on a store
        # that has already seen later times it must not run backwards: finished tasks would
        # seem to be running again. Move it on to the last time the store saw.
        if isinstance(self.clock, FakeClock) and self.clock.now_ms() < self._saved_clock_ms:
            self.clock.advance((self._saved_clock_ms - self.clock.now_ms()) / 1000)

    def _save_clock(self) -> None:
        now = self.clock.now_ms()
        if now > self._saved_clock_ms:
            self._saved_clock_ms = now
            self.store.set_meta("clock_ms", str(now))

    def _schedule_stored(self) -> None:
        deliveries = {d.task_id: d for d in self.store.deliveries()}
        now = self.clock.now_ms()
        for task in self.store.tasks():
            if now >= task.complete_ms + self._retention_ms:
                # Expired while the server was down: gone, callback included.
                self.store.delete_task(task.task_id)
                continue
            delivery = deliveries.get(task.task_id)
            if delivery is None:
                self._schedule_task(task)
                continue
            if delivery.state == "pending":
                self._push(delivery.next_ms, _DELIVER, task.task_id)
            self._push(task.complete_ms + self._retention_ms, _EXPIRE, task.task_id)

    def _process_due(self) -> None:
        now = self.clock.now_ms()
        while self._heap and self._heap[0][0] <= now:
            _, _, action, task_id = heapq.heappop(self._heap)
            if action == _EXPIRE:
                self.store.delete_task(task_id)
            elif action == _FINISH:
                self._finish(task_id)
            elif action == _DELIVER:
                self._start_delivery(task_id)

    def _finish(self, task_id: str) -> None:
        task = self.store.get_task(task_id)
        if task is None or task.callback_url is None:
            return
        data = self.record(task, for_callback=True, at_ms=task.complete_ms)
        success = data["state"] == "success"
        body = {
            "code": 200 if success else 501,
            "msg": "success" if success else "fail",
            "data": data,
        }
        delivery = Delivery(
            task_id=task_id,
            url=task.callback_url,
            body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            # A scenario's `callback: drop`: logged, never sent.
            state="dropped" if task.plan.drop_callback else "pending",
            next_ms=self.clock.now_ms(),
        )
        self.store.put_delivery(delivery)
        if delivery.state == "pending":
            self._start_delivery(task_id)

    def _start_delivery(self, task_id: str) -> None:
        job = asyncio.get_running_loop().create_task(self._deliver(task_id))
        self._inflight.add(job)
        job.add_done_callback(self._inflight.discard)

    async def _deliver(self, task_id: str) -> None:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.settings.callback_concurrency)
        async with self._semaphore:
            delivery = self.store.get_delivery(task_id)
            if delivery is None or delivery.state != "pending":
                return
            attempt = await self.sender.send(delivery, now_ms=self.clock.now_ms())
        attempts = (*delivery.attempts, attempt)
        delays = self.settings.callback_retry_delays_s
        if attempt.status is not None and 200 <= attempt.status < 300:
            updated = attrs.evolve(delivery, state="delivered", attempts=attempts)
        elif len(attempts) <= len(delays):
            next_ms = self.clock.now_ms() + round(delays[len(attempts) - 1] * 1000)
            updated = attrs.evolve(delivery, attempts=attempts, next_ms=next_ms)
            self._push(next_ms, _DELIVER, task_id)
        else:
            updated = attrs.evolve(delivery, state="gave_up", attempts=attempts)
            log.warning("callback for %s abandoned after %d attempts", task_id, len(attempts))
        if self.store.get_task(task_id) is not None:
            self.store.put_delivery(updated)

    async def run(self) -> None:
        """Do due work forever; cancel the coroutine to stop."""
        self._wake = asyncio.Event()
        while True:
            self._process_due()
            waiters: list[asyncio.Task[Any]] = [asyncio.create_task(self._wake.wait())]
            if self._heap:
                waiters.append(asyncio.create_task(self.clock.sleep_until(self._heap[0][0])))
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
            self._wake.clear()

    async def settle(self) -> None:
        """Return once nothing is due at the current time and no callback is in flight.

        The time is then remembered in the store, so that a fake clock resumes from it
        when the mock restarts on the same SQLite file.
        """
        while True:
            await asyncio.sleep(0)
            if self._inflight:
                await asyncio.gather(*list(self._inflight), return_exceptions=True)
                continue
            if self._heap and self._heap[0][0] <= self.clock.now_ms():
                self._process_due()
                continue
            self._save_clock()
            return

    async def aclose(self) -> None:
        for job in list(self._inflight):
            job.cancel()
        await asyncio.gather(*list(self._inflight), return_exceptions=True)
        await self.sender.aclose()
        self._save_clock()
        self.store.close()

    def reset(self) -> None:
        """Forget every task, delivery, credit change and rate window."""
        for job in list(self._inflight):
            job.cancel()
        self.store.clear()
        self._heap.clear()
        self._files.clear()
        self._files_bytes = 0
        self._file_lists.clear()
        self._finished.clear()
        self.accounts.reset()
        self.rng = random.Random(self.settings.seed)
        self._saved_clock_ms = 0
