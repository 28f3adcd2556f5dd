"""Live contract check: run cheap tasks on the real service and report drift from the spec.

Needs ``LIANGXIN_API_KEY`` and ``LIANGXIN_BASE_URL``; without them it says it skipped and
exits 0, so ``make live-contract`` is harmless anywhere. With them it

1. submits one minimal task per ``--models`` entry (default ``z-image``: a ``prompt``, plus
   ``--image-url`` as the reference image of edit models),
2. polls recordInfo until ``success``/``fail`` within ``--timeout`` seconds (600): every
   ``--poll-interval`` s (2) for 30 s, then 2.5 times that, after 2 minutes 7.5 times, as the
   spec's analog guidance says; an unexpected 429 waits its ``Retry-After``,
3. probes the errors: a bad enum value (``aspect_ratio``) and a missing ``prompt`` (400
   expected), an unknown ``taskId`` (404 or 422), a wrong key (401),

and checks every answer: status declared by the spec, body against the declared schema
(:func:`liangxin.contract.drift.check_body`), states in order. Plain ``httpx`` is used, not
the generated client, so that a drifting body is still captured raw. ``--save-examples DIR``
writes the bodies as ``DIR/<ComponentSchemaName>/live-<model>-<state>.json``.

Exit status: 0 when skipped or clean, 1 on drift or problems, 2 on a usage error.

    $ LIANGXIN_API_KEY=... LIANGXIN_BASE_URL=https://... \\
          python -m liangxin.contract.live --models z-image --save-examples openapi/examples
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import httpx

from liangxin.contract.exchange import save_examples
from liangxin.contract.livecheck import LiveCheck, LiveOptions, minimal_request
from mock_server.spec import Spec, load_spec

__all__ = ["ENV_API_KEY", "ENV_BASE_URL", "SKIP_MESSAGE", "main", "report"]

ENV_API_KEY = "LIANGXIN_API_KEY"
ENV_BASE_URL = "LIANGXIN_BASE_URL"
SKIP_MESSAGE = "skipped: set LIANGXIN_API_KEY and LIANGXIN_BASE_URL to run the live contract check"


def report(check: LiveCheck, out: TextIO) -> int:
    """Print the first answer per (request, state) and every one with drift; the exit code."""
    seen: set[tuple[str, str]] = set()
    for exchange in check.exchanges:
        key = (exchange.call.label, exchange.call.state)
        if exchange.ok and key in seen:
            continue
        seen.add(key)
        print(exchange.line(), file=out)
    for problem in check.problems:
        print(f"PROBLEM   {problem}", file=out)
    drifted = sum(bool(e.findings) for e in check.exchanges)
    problems = sum(bool(e.problems) for e in check.exchanges) + len(check.problems)
    print(
        f"live contract: {len(check.exchanges)} response(s) checked, "
        f"{drifted} with drift, {problems} problem(s)",
        file=out,
    )
    return 1 if drifted or problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m liangxin.contract.live",
        description=f"Check the real API against the spec (needs {ENV_API_KEY}, {ENV_BASE_URL}).",
    )
    defaults = LiveOptions(base_url="", api_key="")
    parser.add_argument("--models", default=",".join(defaults.models), help="comma-separated ids")
    parser.add_argument(
        "--timeout", type=float, default=defaults.timeout, help="seconds for the tasks to end"
    )
    parser.add_argument(
        "--poll-interval", type=float, default=defaults.poll_interval, help="first poll interval"
    )
    parser.add_argument("--prompt", default=defaults.prompt)
    parser.add_argument("--image-url", help="reference image for models that require one")
    parser.add_argument("--callback-url", help="send callBackUrl and say what to expect there")
    parser.add_argument("--save-examples", type=Path, metavar="DIR", help="write the bodies")
    parser.add_argument("--no-probes", action="store_true", help="skip the error probes")
    parser.add_argument("--spec", type=Path, help="the spec (default: openapi/liangxin.yaml)")
    return parser


def _callback_note(spec: Spec, url: str) -> str:
    required = ", ".join(spec.schema("TaskCallback").get("required", ()))
    return (
        f"callbacks: expect one POST per task to {url} when it ends: a TaskCallback "
        f"(required: {required}; data.state 'success' or 'fail'); check each body with "
        "liangxin.contract.check_body(spec, 'TaskCallback', body)"
    )


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the live check from the command line (see the module docstring)."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    api_key, base_url = os.environ.get(ENV_API_KEY), os.environ.get(ENV_BASE_URL)
    if not api_key or not base_url:
        print(SKIP_MESSAGE, file=out)
        return 0
    spec = load_spec(args.spec)
    options = LiveOptions(
        base_url=base_url.rstrip("/"),
        api_key=api_key,
        models=tuple(m.strip() for m in args.models.split(",") if m.strip()),
        timeout=args.timeout,
        poll_interval=args.poll_interval,
        prompt=args.prompt,
        image_url=args.image_url,
        callback_url=args.callback_url,
        probes=not args.no_probes,
    )
    try:
        for model in options.models:
            minimal_request(spec, model, prompt=options.prompt, image_url=options.image_url)
    except ValueError as exc:
        print(f"live: error: {exc}", file=sys.stderr)
        return 2
    print(f"live contract check of {options.base_url}: {', '.join(options.models)}", file=out)
    if options.callback_url:
        print(_callback_note(spec, options.callback_url), file=out)
    headers = {"Authorization": f"Bearer {options.api_key}"}
    with httpx.Client(base_url=options.base_url, headers=headers, timeout=30.0) as client:
        check = LiveCheck(spec, options, client=client)
        check.run()
    code = report(check, out)
    for path in save_examples(check.exchanges, args.save_examples) if args.save_examples else ():
        print(f"wrote {path}", file=out)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
