"""``liangxin-mock serve`` (also ``python -m mock_server serve``): run the mock on uvicorn.

Every flag has an environment variable ``LIANGXIN_MOCK_<FLAG>`` (``--api-key`` →
``LIANGXIN_MOCK_API_KEY``, comma-separated for several keys); a flag wins over its variable.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import uvicorn

from mock_server.app import create_app
from mock_server.clock import Clock, FakeClock, SystemClock
from mock_server.settings import DEFAULT_API_KEY, Settings

__all__ = [
    "build_parser",
    "freeze_startup_objects",
    "main",
    "server_options",
    "settings_from_args",
]


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"LIANGXIN_MOCK_{name.upper().replace('-', '_')}", default)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="liangxin-mock", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the mock over HTTP")
    serve.add_argument("--host", default=_env("host", "127.0.0.1"), help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=int(_env("port", "8000") or 8000))
    serve.add_argument("--seed", type=int, default=int(_env("seed", "0") or 0))
    serve.add_argument(
        "--speed",
        type=float,
        default=float(_env("speed", "1") or 1),
        help="time scale: 10 runs every task ten times faster (default 1)",
    )
    serve.add_argument("--db", type=Path, default=_env("db"), help="SQLite file (default memory)")
    serve.add_argument("--rules", type=Path, default=_env("rules"), help="scenario rules file")
    serve.add_argument(
        "--api-key",
        action="append",
        default=None,
        help=f"accepted bearer key; repeatable (default {DEFAULT_API_KEY!r})",
    )
    serve.add_argument("--admin-token", default=_env("admin-token", "mock-admin"))
    serve.add_argument("--signing-key", default=_env("signing-key"), help="sign callbacks (HMAC)")
    serve.add_argument("--credits", type=float, default=float(_env("credits", "1000") or 1000))
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=int(_env("rate-limit", "20") or 20),
        help="createTask requests per key per 10 s; 0 disables (default 20)",
    )
    serve.add_argument("--public-base-url", default=_env("public-base-url"))
    serve.add_argument(
        "--fake-clock",
        action="store_true",
        default=_env("fake-clock", "") in {"1", "true", "yes"},
        help="time moves only through POST /_mock/clock/advance",
    )
    serve.add_argument("--log-level", default=_env("log-level", "info"))
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=_env("access-log", "1") not in {"0", "false", "no"},
        help="log every request (default on; off, the mock serves 1.4-1.9x the requests/s)",
    )
    return parser


def server_options() -> tuple[Literal["uvloop", "asyncio"], Literal["httptools", "h11"]]:
    """uvicorn's event loop and HTTP parser: uvloop and httptools, measured fastest.

    ``docs/benchmarks.md`` has the numbers (about twice asyncio + h11). They come with
    ``uvicorn[standard]``; where one is missing (uvloop does not exist on Windows) the
    pure-Python one is used.
    """
    loop: Literal["uvloop", "asyncio"] = (
        "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    )
    http: Literal["httptools", "h11"] = (
        "httptools" if importlib.util.find_spec("httptools") else "h11"
    )
    return loop, http


def freeze_startup_objects() -> None:
    """Keep what lives as long as the process out of the garbage collector's walks.

    The parsed spec, the compiled validators and the imported modules are a few hundred
    thousand objects that every full collection would walk again while tasks pile up,
    stalling all requests in flight. Collected once and frozen before serving, createTask's
    p99 under load fell from ~25-35 ms to ~10-12 ms (``docs/benchmarks.md``).
    """
    gc.collect()
    gc.freeze()


def settings_from_args(args: argparse.Namespace) -> Settings:
    keys = args.api_key or (_env("api-key") or DEFAULT_API_KEY).split(",")
    return Settings(
        seed=args.seed,
        speed=args.speed,
        db=args.db,
        rules=args.rules,
        api_keys=tuple(k.strip() for k in keys if k.strip()),
        admin_token=args.admin_token,
        signing_key=args.signing_key,
        initial_credits=args.credits,
        rate_limit=args.rate_limit,
        public_base_url=args.public_base_url,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        settings = settings_from_args(args)
        clock: Clock = (
            FakeClock(start_ms=time.time_ns() // 1_000_000) if args.fake_clock else SystemClock()
        )
        app = create_app(settings, clock=clock)
    except (ValueError, OSError) as exc:
        print(f"liangxin-mock: error: {exc}", file=sys.stderr)
        return 2
    base_url = settings.public_base_url or f"http://{args.host}:{args.port}"
    print(
        f"LiangXin mock ready in {time.perf_counter() - started:.2f} s\n"
        f"  base URL   {base_url}\n"
        f"  API key    {settings.api_keys[0]}   (Authorization: Bearer {settings.api_keys[0]})\n"
        f"  admin      {base_url}/_mock/  (X-Admin-Token: {settings.admin_token})\n"
        f"  storage    {settings.db or 'memory'}   seed {settings.seed}   speed {settings.speed:g}"
        f"{'   fake clock' if args.fake_clock else ''}",
        flush=True,
    )
    freeze_startup_objects()
    loop, http = server_options()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        loop=loop,
        http=http,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
