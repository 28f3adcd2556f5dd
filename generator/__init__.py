"""How the typed client is made: openapi-python-client driven by ``generator/config.yaml``.

``python -m generator generate`` rewrites ``generated_client/liangxin_client`` from
``openapi/liangxin.yaml``; ``python -m generator check`` regenerates into a temporary
directory and fails with a unified diff when the committed client differs.
"""

from __future__ import annotations

from generator.regen import (
    DEFAULT_CONFIG,
    DEFAULT_OUTPUT,
    DEFAULT_SPEC,
    GenerationError,
    check,
    diff_trees,
    generate,
    generate_into,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_OUTPUT",
    "DEFAULT_SPEC",
    "GenerationError",
    "check",
    "diff_trees",
    "generate",
    "generate_into",
]
