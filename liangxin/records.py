"""A read-only view of a task record with its JSON-string fields decoded.

recordInfo and the callback carry ``param`` and ``resultJson`` as JSON *strings*, and ``param``'s
``input`` is sometimes a JSON string again. ``Task`` decodes them once, with the generated
``TaskParam``/``ResultJson`` models, and keeps the generated ``TaskRecord`` as ``.record`` for
every other field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from attrs import Factory, field, frozen
from liangxin_client.models import (
    ResultJson,
    TaskParam,
    TaskParamInputType0,
    TaskRecord,
    TaskState,
)
from liangxin_client.types import Unset

__all__ = ["TERMINAL_STATES", "Task"]

TERMINAL_STATES: frozenset[TaskState] = frozenset({"success", "fail"})


def _text(value: str | Unset | None) -> str | None:
    """``""``, ``null`` and absent all mean "no value" in records and callbacks."""
    return value if isinstance(value, str) and value else None


def _json_object(raw: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"{what} is not JSON ({exc}): {raw!r}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a JSON object: {raw!r}")
    return value


def _decode_result(record: TaskRecord) -> ResultJson | None:
    raw = _text(record.result_json)
    if raw is None:
        return None
    result = ResultJson.from_dict(_json_object(raw, "resultJson"))
    urls = result.result_urls
    if not isinstance(urls, Unset) and not (
        isinstance(urls, list) and all(isinstance(url, str) for url in urls)
    ):
        raise ValueError(f"resultJson.resultUrls is not a list of strings: {urls!r}")
    return result


def _decode_param(record: TaskRecord) -> TaskParam | None:
    raw = _text(record.param)
    if raw is None:
        return None
    try:
        param = TaskParam.from_dict(_json_object(raw, "param"))
    except KeyError as exc:
        raise ValueError(f"param has no {exc.args[0]!r}: {raw!r}") from exc
    if isinstance(param.input_, str):
        decoded = _json_object(param.input_, "param.input")
        param.input_ = TaskParamInputType0.from_dict(decoded)
    return param


@frozen
class Task:
    """A task record with ``resultJson`` and ``param`` decoded.

    Building one raises ``ValueError`` when those strings are not the JSON the spec describes;
    the client reports that as ``ResponseParseError``, ``parse_callback`` as ``CallbackError``.

    >>> task = Task.from_dict({"taskId": "t1", "model": "z-image", "state": "success",
    ...                        "resultJson": '{"resultUrls": ["https://cdn/x.png"]}'})
    >>> task.is_terminal, task.result_urls
    (True, ('https://cdn/x.png',))
    """

    record: TaskRecord
    result: ResultJson | None = field(
        init=False, default=Factory(lambda self: _decode_result(self.record), takes_self=True)
    )
    parsed_param: TaskParam | None = field(
        init=False, default=Factory(lambda self: _decode_param(self.record), takes_self=True)
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Task:
        """Build from a record as JSON (recordInfo's or a callback's ``data``)."""
        try:
            return cls(TaskRecord.from_dict(data))
        except KeyError as exc:
            raise ValueError(f"task record has no {exc.args[0]!r}") from exc
        except TypeError as exc:  # the generated parser's complaint about ``state``
            raise ValueError(f"task record: {exc}") from exc

    @property
    def task_id(self) -> str:
        return self.record.task_id

    @property
    def model(self) -> str:
        return self.record.model

    @property
    def state(self) -> TaskState:
        return self.record.state

    @property
    def is_terminal(self) -> bool:
        """True once the state is ``success`` or ``fail``."""
        return self.record.state in TERMINAL_STATES

    @property
    def succeeded(self) -> bool:
        return self.record.state == "success"

    @property
    def result_urls(self) -> tuple[str, ...]:
        """URLs of the generated files; empty until success. Download them promptly."""
        if self.result is None or isinstance(self.result.result_urls, Unset):
            return ()
        return tuple(self.result.result_urls)

    @property
    def param(self) -> dict[str, Any] | None:
        """The original createTask body as a dict, with ``input`` decoded to a dict."""
        return None if self.parsed_param is None else self.parsed_param.to_dict()

    @property
    def fail_code(self) -> str | None:
        return _text(self.record.fail_code)

    @property
    def fail_msg(self) -> str | None:
        return _text(self.record.fail_msg)

    @property
    def progress(self) -> int | None:
        progress = self.record.progress
        return progress if isinstance(progress, int) else None
