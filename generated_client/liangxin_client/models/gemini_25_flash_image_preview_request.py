from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gemini_25_flash_image_preview_input import (
        Gemini25FlashImagePreviewInput,
    )


T = TypeVar("T", bound="Gemini25FlashImagePreviewRequest")


@_attrs_define
class Gemini25FlashImagePreviewRequest:
    """Google Gemini 2.5 Flash Image Preview, generation and editing.

    Attributes:
        model (Literal['gemini-2.5-flash-image-preview']): Model id, always `gemini-2.5-flash-image-preview`. Default:
            'gemini-2.5-flash-image-preview'.
        input_ (Gemini25FlashImagePreviewInput): Input of `gemini-2.5-flash-image-preview`. LiangXin publishes no field
            table; fields follow its nano-banana-pro page.
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: Gemini25FlashImagePreviewInput
    model: Literal["gemini-2.5-flash-image-preview"] = "gemini-2.5-flash-image-preview"
    call_back_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        input_ = self.input_.to_dict()

        call_back_url = self.call_back_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "input": input_,
            }
        )
        if call_back_url is not UNSET:
            field_dict["callBackUrl"] = call_back_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gemini_25_flash_image_preview_input import (
            Gemini25FlashImagePreviewInput,  # noqa: PLC0415
        )

        d = dict(src_dict)
        model = cast(Literal["gemini-2.5-flash-image-preview"], d.pop("model"))
        if model != "gemini-2.5-flash-image-preview":
            raise ValueError(
                f"model must match const 'gemini-2.5-flash-image-preview', got '{model}'"
            )

        input_ = Gemini25FlashImagePreviewInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        gemini_25_flash_image_preview_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return gemini_25_flash_image_preview_request
