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
    from ..models.nano_banana_pro_input import NanoBananaProInput


T = TypeVar("T", bound="NanoBananaProRequest")


@_attrs_define
class NanoBananaProRequest:
    """Google Nano Banana Pro.

    Attributes:
        model (Literal['nano-banana-pro']): Model id, always `nano-banana-pro`. Default: 'nano-banana-pro'.
        input_ (NanoBananaProInput): Input of `nano-banana-pro`.
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: NanoBananaProInput
    model: Literal["nano-banana-pro"] = "nano-banana-pro"
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
        from ..models.nano_banana_pro_input import NanoBananaProInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["nano-banana-pro"], d.pop("model"))
        if model != "nano-banana-pro":
            raise ValueError(f"model must match const 'nano-banana-pro', got '{model}'")

        input_ = NanoBananaProInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        nano_banana_pro_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return nano_banana_pro_request
