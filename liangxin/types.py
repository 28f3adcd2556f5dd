"""The twelve generated request classes as one type, and lookups by model id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs
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

__all__ = ["REQUEST_CLASSES", "TaskRequest", "request_class", "request_from_dict"]

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

#: The generated request classes by class name (= the spec's component schema name).
REQUEST_CLASSES: Mapping[str, type[TaskRequest]] = {
    cls.__name__: cls
    for cls in (
        Flux2ProRequest,
        Gemini25FlashImagePreviewRequest,
        Imagen4FastRequest,
        Imagen4UltraRequest,
        KlingV3ProRequest,
        NanoBananaProFlashRequest,
        NanoBananaProRequest,
        SeedreamV45EditRequest,
        SeedreamV45Request,
        SeedreamV5LiteEditRequest,
        SeedreamV5LiteRequest,
        ZImageRequest,
    )
}

# Each class carries its model id as the default of its `model` field (`const` + `default`).
_BY_MODEL: Mapping[str, type[TaskRequest]] = {
    str(attrs.fields(cls).model.default): cls for cls in REQUEST_CLASSES.values()
}


def request_class(model_id: str) -> type[TaskRequest]:
    """The generated request class of ``model_id``.

    >>> request_class("z-image").__name__
    'ZImageRequest'
    """
    try:
        return _BY_MODEL[model_id]
    except KeyError:
        raise ValueError(
            f"model {model_id!r} is not one of the twelve: {sorted(_BY_MODEL)!r}"
        ) from None


def request_from_dict(body: Mapping[str, Any]) -> TaskRequest:
    """The typed request for a createTask body (a dict with ``model`` and ``input``).

    >>> request_from_dict({"model": "z-image", "input": {"prompt": "a kite"}}).input_.prompt
    'a kite'
    """
    return request_class(str(body.get("model"))).from_dict(body)
