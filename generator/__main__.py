"""``python -m generator {generate,check}``: see ``generator/__init__.py``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.regen import (
    DEFAULT_CONFIG,
    DEFAULT_OUTPUT,
    DEFAULT_SPEC,
    GenerationError,
    check,
    generate,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI document")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="generator config")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="client package dir")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "generate":
            generate(spec=args.spec, config=args.config, output=args.output)
            print(f"generated {args.output} in {time.perf_counter() - started:.2f} s")
            return 0
        diff = check(spec=args.spec, config=args.config, committed=args.output)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if diff:
        sys.stdout.write(diff)
        print(
            f"\nerror: {args.output} differs from what {args.spec} generates; "
            "run `make generate` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"{args.output} matches {args.spec} ({time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
