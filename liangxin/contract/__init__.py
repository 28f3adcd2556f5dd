"""Contract tools: how the spec changes, and whether the real service still matches it.

* :mod:`liangxin.contract.specdiff` — a report of spec changes per model, each breaking or
  not for a client that regenerates (``make spec-diff``; exit 1 on a breaking change);
* :mod:`liangxin.contract.drift` — compare one real JSON body with a spec schema and list the
  drift (unknown or missing fields, types, enum values, JSON-string fields);
* :mod:`liangxin.contract.live` — run one cheap task per chosen model against the real API
  and check every answer for drift (``make live-contract``; skipped without credentials).

    >>> from liangxin.contract import check_body
    >>> from mock_server.spec import load_spec
    >>> check_body(load_spec(), "CreateTaskResponse", {"code": 200, "msg": "success"}).ok
    True
"""

from __future__ import annotations

from liangxin.contract.drift import DriftResult, Finding, check_body
from liangxin.contract.schemadiff import Change

__all__ = ["Change", "DriftResult", "Finding", "check_body"]
