"""Type aliases shared by the facade."""

from __future__ import annotations

from typing import TypeAlias

from liangxin_client.models import (
    Flux2ProRequest,
    Gemini25FlashImagePreviewRequest,
    Imagen4FastRequest,
    Imagen4UltraRequest,
    KlingV3ProRequest,
    NanoBananaProFlashRequest,
    NanoBananaProRequest,
    SeedreamV5LiteEditRequest,
    SeedreamV5LiteRequest,
    SeedreamV45EditRequest,
    SeedreamV45Request,
    ZImageRequest,
)

__all__ = ["TaskRequest"]

#: Any of the twelve generated createTask bodies (a test checks this matches the spec).
TaskRequest: TypeAlias = (
    Flux2ProRequest
    | Gemini25FlashImagePreviewRequest
    | Imagen4FastRequest
    | Imagen4UltraRequest
    | KlingV3ProRequest
    | NanoBananaProFlashRequest
    | NanoBananaProRequest
    | SeedreamV45EditRequest
    | SeedreamV45Request
    | SeedreamV5LiteEditRequest
    | SeedreamV5LiteRequest
    | ZImageRequest
)
