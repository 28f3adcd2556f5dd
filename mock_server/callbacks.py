"""Callback delivery: one POST per attempt, with timeout, optional signing and a log entry.

The engine decides when to try (and when to give up); this module only sends. Signing is
off unless a key is configured; then every POST carries the kie-style headers
``X-Webhook-Timestamp`` (Unix seconds) and ``X-Webhook-Signature`` =
base64(HMAC-SHA256(key, taskId + "." + timestamp)).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time

import httpx

from mock_server.store import Attempt, Delivery

__all__ = ["CallbackSender", "sign"]


def sign(task_id: str, timestamp: str, key: str) -> str:
    """The signature the mock sends for ``task_id`` at ``timestamp``."""
    mac = hmac.new(key.encode(), f"{task_id}.{timestamp}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


class CallbackSender:
    """POSTs callback bodies with an ``httpx.AsyncClient`` (a test may give its own)."""

    def __init__(
        self,
        *,
        timeout_s: float,
        signing_key: str | None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.signing_key = signing_key
        self._client = client or httpx.AsyncClient(timeout=timeout_s, follow_redirects=False)
        self._timeout_s = timeout_s

    async def send(self, delivery: Delivery, *, now_ms: int) -> Attempt:
        """Make one attempt; any 2xx acknowledges. Never raises for the receiver's faults."""
        headers = {"Content-Type": "application/json", "User-Agent": "liangxin-mock/1"}
        if self.signing_key:
            timestamp = str(now_ms // 1000)
            headers["X-Webhook-Timestamp"] = timestamp
            headers["X-Webhook-Signature"] = sign(delivery.task_id, timestamp, self.signing_key)
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            # httpx's own timeout is per network operation and is ignored by transports
            # without sockets (ASGITransport); the outer one bounds the whole attempt.
            async with asyncio.timeout(self._timeout_s):
                response = await self._client.post(
                    delivery.url, content=delivery.body, headers=headers, timeout=self._timeout_s
                )
            status = response.status_code
        except (httpx.TimeoutException, TimeoutError):
            error = f"timed out after {self._timeout_s:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        duration_ms = round((time.perf_counter() - started) * 1000)
        return Attempt(at_ms=now_ms, status=status, error=error, duration_ms=duration_ms)

    async def aclose(self) -> None:
        await self._client.aclose()
