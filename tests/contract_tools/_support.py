"""Helpers of the contract-tool tests: spec copies to edit, and a compact view of changes."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from liangxin.contract.schemadiff import Change

__all__ = ["ROOT", "SPEC_PATH", "lines", "real_document", "write_spec"]

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "liangxin.yaml"


@functools.cache
def _real_text() -> str:
    # YAML anchors become shared objects; a JSON round trip unshares them so edits stay local.
    return json.dumps(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))


def real_document() -> dict[str, Any]:
    """A fresh, editable copy of the real spec."""
    document: dict[str, Any] = json.loads(_real_text())
    return document


def write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def lines(changes: Iterable[Change]) -> list[str]:
    """Each change as its report line with the column padding squeezed out."""
    return [" ".join(str(change).split()) for change in changes]
