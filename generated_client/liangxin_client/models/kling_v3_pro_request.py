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
    from ..models.kling_v3_pro_input import KlingV3ProInput


T = TypeVar("T", bound="KlingV3ProRequest")


@_attrs_define
class KlingV3ProRequest:
    """Kling 3 Pro video generation (text-to-video, image-to-video, multi-shot).

    Attributes:
        model (Literal['kling-v3-pro']): Model id, always `kling-v3-pro`. Default: 'kling-v3-pro'.
        input_ (KlingV3ProInput): Input of `kling-v3-pro`. LiangXin's field table was not retrieved: the fields are the
            upstream Magnific body as third-party clients show it. `prompt` is required unless `multi_prompt` is given; shot
            durations add up to `duration`.
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: KlingV3ProInput
    model: Literal["kling-v3-pro"] = "kling-v3-pro"
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
        from ..models.kling_v3_pro_input import KlingV3ProInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["kling-v3-pro"], d.pop("model"))
        if model != "kling-v3-pro":
            raise ValueError(f"model must match const 'kling-v3-pro', got '{model}'")

        input_ = KlingV3ProInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        kling_v3_pro_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return kling_v3_pro_request
