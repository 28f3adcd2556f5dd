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
    from ..models.z_image_input import ZImageInput


T = TypeVar("T", bound="ZImageRequest")


@_attrs_define
class ZImageRequest:
    """Z-Image text to image.

    Attributes:
        model (Literal['z-image']): Model id, always `z-image`. Default: 'z-image'.
        input_ (ZImageInput): Input of `z-image` (text to image only).
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: ZImageInput
    model: Literal["z-image"] = "z-image"
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
        from ..models.z_image_input import ZImageInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["z-image"], d.pop("model"))
        if model != "z-image":
            raise ValueError(f"model must match const 'z-image', got '{model}'")

        input_ = ZImageInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        z_image_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return z_image_request
