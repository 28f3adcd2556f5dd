from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.business_error import BusinessError
from ...models.create_task_response import CreateTaskResponse
from ...models.flux_2_pro_request import Flux2ProRequest
from ...models.gateway_error import GatewayError
from ...models.gemini_25_flash_image_preview_request import (
    Gemini25FlashImagePreviewRequest,
)
from ...models.imagen_4_fast_request import Imagen4FastRequest
from ...models.imagen_4_ultra_request import Imagen4UltraRequest
from ...models.kling_v3_pro_request import KlingV3ProRequest
from ...models.nano_banana_pro_flash_request import NanoBananaProFlashRequest
from ...models.nano_banana_pro_request import NanoBananaProRequest
from ...models.seedream_v5_lite_edit_request import SeedreamV5LiteEditRequest
from ...models.seedream_v5_lite_request import SeedreamV5LiteRequest
from ...models.seedream_v45_edit_request import SeedreamV45EditRequest
from ...models.seedream_v45_request import SeedreamV45Request
from ...models.z_image_request import ZImageRequest
from ...types import Response


def _get_kwargs(
    *,
    body: Flux2ProRequest
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
    | ZImageRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/jobs/createTask",
    }

    if isinstance(body, SeedreamV45Request):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, SeedreamV45EditRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, SeedreamV5LiteRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, SeedreamV5LiteEditRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ZImageRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Gemini25FlashImagePreviewRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NanoBananaProRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NanoBananaProFlashRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Imagen4FastRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Imagen4UltraRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Flux2ProRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BusinessError | GatewayError | CreateTaskResponse | None:
    if response.status_code == 200:
        response_200 = CreateTaskResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 413:

        def _parse_response_413(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_413 = _parse_response_413(response.json())

        return response_413

    if response.status_code == 415:

        def _parse_response_415(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_415 = _parse_response_415(response.json())

        return response_415

    if response.status_code == 422:

        def _parse_response_422(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_422 = _parse_response_422(response.json())

        return response_422

    if response.status_code == 429:

        def _parse_response_429(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 500:

        def _parse_response_500(data: object) -> BusinessError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = BusinessError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BusinessError | GatewayError | CreateTaskResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Flux2ProRequest
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
    | ZImageRequest,
) -> Response[BusinessError | GatewayError | CreateTaskResponse]:
    """Create a generation task

     Submits a task for one of the twelve models. The body's `model` selects the schema of
    `input`. Answers at once with a `taskId`; the task then runs asynchronously.

    Args:
        body (Flux2ProRequest | Gemini25FlashImagePreviewRequest | Imagen4FastRequest |
            Imagen4UltraRequest | KlingV3ProRequest | NanoBananaProFlashRequest | NanoBananaProRequest
            | SeedreamV45EditRequest | SeedreamV45Request | SeedreamV5LiteEditRequest |
            SeedreamV5LiteRequest | ZImageRequest): The createTask body; `model` selects the schema of
            `input`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BusinessError | GatewayError | CreateTaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Flux2ProRequest
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
    | ZImageRequest,
) -> BusinessError | GatewayError | CreateTaskResponse | None:
    """Create a generation task

     Submits a task for one of the twelve models. The body's `model` selects the schema of
    `input`. Answers at once with a `taskId`; the task then runs asynchronously.

    Args:
        body (Flux2ProRequest | Gemini25FlashImagePreviewRequest | Imagen4FastRequest |
            Imagen4UltraRequest | KlingV3ProRequest | NanoBananaProFlashRequest | NanoBananaProRequest
            | SeedreamV45EditRequest | SeedreamV45Request | SeedreamV5LiteEditRequest |
            SeedreamV5LiteRequest | ZImageRequest): The createTask body; `model` selects the schema of
            `input`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BusinessError | GatewayError | CreateTaskResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Flux2ProRequest
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
    | ZImageRequest,
) -> Response[BusinessError | GatewayError | CreateTaskResponse]:
    """Create a generation task

     Submits a task for one of the twelve models. The body's `model` selects the schema of
    `input`. Answers at once with a `taskId`; the task then runs asynchronously.

    Args:
        body (Flux2ProRequest | Gemini25FlashImagePreviewRequest | Imagen4FastRequest |
            Imagen4UltraRequest | KlingV3ProRequest | NanoBananaProFlashRequest | NanoBananaProRequest
            | SeedreamV45EditRequest | SeedreamV45Request | SeedreamV5LiteEditRequest |
            SeedreamV5LiteRequest | ZImageRequest): The createTask body; `model` selects the schema of
            `input`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BusinessError | GatewayError | CreateTaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Flux2ProRequest
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
    | ZImageRequest,
) -> BusinessError | GatewayError | CreateTaskResponse | None:
    """Create a generation task

     Submits a task for one of the twelve models. The body's `model` selects the schema of
    `input`. Answers at once with a `taskId`; the task then runs asynchronously.

    Args:
        body (Flux2ProRequest | Gemini25FlashImagePreviewRequest | Imagen4FastRequest |
            Imagen4UltraRequest | KlingV3ProRequest | NanoBananaProFlashRequest | NanoBananaProRequest
            | SeedreamV45EditRequest | SeedreamV45Request | SeedreamV5LiteEditRequest |
            SeedreamV5LiteRequest | ZImageRequest): The createTask body; `model` selects the schema of
            `input`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BusinessError | GatewayError | CreateTaskResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
