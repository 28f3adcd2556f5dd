"""Generate the client, and compare a fresh generation with the committed one."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_OUTPUT",
    "DEFAULT_SPEC",
    "GenerationError",
    "diff_trees",
    "generate",
    "generate_into",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "openapi" / "liangxin.yaml"
DEFAULT_CONFIG = ROOT / "generator" / "config.yaml"
DEFAULT_OUTPUT = ROOT / "generated_client" / "liangxin_client"

# Files the generator writes but that carry no meaning (caches left by post-hooks).
_IGNORED_PARTS = {"__pycache__", ".ruff_cache", ".mypy_cache"}


class GenerationError(RuntimeError):
    """openapi-python-client failed or warned; the message carries its output."""


def _generator_command() -> list[str]:
    # The console script sits next to the interpreter in the project's virtualenv; its
    # directory also goes on PATH so that the post-hooks find the pinned ruff.
    script = Path(sys.executable).with_name("openapi-python-client")
    if not script.exists():
        raise GenerationError(
            f"openapi-python-client not found next to {sys.executable!r}; run `make install`"
        )
    return [str(script)]


def generate_into(
    target: Path, *, spec: Path = DEFAULT_SPEC, config: Path = DEFAULT_CONFIG
) -> None:
    """Generate the client package into ``target`` (which must not exist yet)."""
    if target.exists():
        raise GenerationError(f"target {str(target)!r} already exists")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    cmd = [
        *_generator_command(),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(config),
        "--meta",
        "none",
        "--output-path",
        str(target),
        "--fail-on-warning",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise GenerationError(
            f"openapi-python-client failed (exit {proc.returncode}) for {str(spec)!r}:\n"
            f"{proc.stdout}{proc.stderr}"
        )
    for cache in _IGNORED_PARTS:
        for found in target.rglob(cache):
            shutil.rmtree(found, ignore_errors=True)


def generate(
    *, spec: Path = DEFAULT_SPEC, config: Path = DEFAULT_CONFIG, output: Path = DEFAULT_OUTPUT
) -> None:
    """Regenerate ``output`` from ``spec``, replacing it only when generation succeeded."""
    with tempfile.TemporaryDirectory(prefix="liangxin-gen-") as tmp:
        fresh = Path(tmp) / output.name
        generate_into(fresh, spec=spec, config=config)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(fresh, output)


def _files(root: Path) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not _IGNORED_PARTS.intersection(p.relative_to(root).parts)
    }


def _lines(path: Path | None) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True) if path else []


def diff_trees(expected: Path, actual: Path) -> str:
    """A unified diff from ``actual`` (committed) to ``expected`` (fresh); empty when equal."""
    want, have = _files(expected), _files(actual)
    chunks: list[str] = []
    for name in sorted(want.keys() | have.keys()):
        old = (
            have[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in have else []
        )
        new = (
            want[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in want else []
        )
        if old != new:
            chunks.extend(
                difflib.unified_diff(
                    old,
                    new,
                    fromfile=f"committed/{name}" if name in have else "/dev/null",
                    tofile=f"generated/{name}" if name in want else "/dev/null",
                )
            )
    return "".join(chunks)


def check(
    *, spec: Path = DEFAULT_SPEC, config: Path = DEFAULT_CONFIG, committed: Path = DEFAULT_OUTPUT
) -> str:
    """Regenerate into a temporary directory and return the diff against ``committed``."""
    with tempfile.TemporaryDirectory(prefix="liangxin-check-") as tmp:
        fresh = Path(tmp) / committed.name
        generate_into(fresh, spec=spec, config=config)
        return diff_trees(fresh, committed)
