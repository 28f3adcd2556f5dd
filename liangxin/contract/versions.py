"""Read one version of the spec: the working-tree file, another file, or a git revision.

>>> document, label = load_document("HEAD", Path("openapi/liangxin.yaml"))
>>> label
'HEAD:openapi/liangxin.yaml'
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

__all__ = ["JsonObject", "SpecSourceError", "load_document"]

JsonObject = dict[str, Any]


class SpecSourceError(Exception):
    """A spec version could not be read (no such file or git revision, not a spec)."""


def load_document(ref: str | None, spec_path: Path) -> tuple[JsonObject, str]:
    """The parsed spec at ``ref`` and a label for the report.

    ``ref`` is ``None`` (the working-tree file ``spec_path``), an existing file path, or a git
    revision whose copy of ``spec_path`` is read with ``git show REV:./<name>``.
    """
    if ref is None or Path(ref).is_file():
        path = spec_path if ref is None else Path(ref)
        try:
            text, label = path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise SpecSourceError(f"cannot read {str(path)!r}: {exc.strerror}") from exc
    else:
        text, label = _git_show(ref, spec_path), f"{ref}:{spec_path}"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecSourceError(f"{label!r} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("components"), dict):
        raise SpecSourceError(f"{label!r} is not an OpenAPI document with components")
    return document, label


def _git_show(rev: str, spec_path: Path) -> str:
    where = spec_path.parent if spec_path.parent.is_dir() else Path.cwd()
    try:
        done = subprocess.run(
            ["git", "show", f"{rev}:./{spec_path.name}"],
            cwd=where,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise SpecSourceError(f"cannot run git to read revision {rev!r}: {exc}") from exc
    if done.returncode != 0:
        raise SpecSourceError(
            f"cannot read {str(spec_path)!r} at git revision {rev!r}: {done.stderr.strip()}"
        )
    return done.stdout
