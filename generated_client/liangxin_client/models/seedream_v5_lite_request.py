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
    from ..models.seedream_v5_lite_input import SeedreamV5LiteInput


T = TypeVar("T", bound="SeedreamV5LiteRequest")


@_attrs_define
class SeedreamV5LiteRequest:
    """Seedream 5.0 Lite text to image.

    Attributes:
        model (Literal['seedream-v5-lite']): Model id, always `seedream-v5-lite`. Default: 'seedream-v5-lite'.
        input_ (SeedreamV5LiteInput): Input of `seedream-v5-lite` (field table not published by LiangXin; upstream
            fields).
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: SeedreamV5LiteInput
    model: Literal["seedream-v5-lite"] = "seedream-v5-lite"
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
        from ..models.seedream_v5_lite_input import SeedreamV5LiteInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["seedream-v5-lite"], d.pop("model"))
        if model != "seedream-v5-lite":
            raise ValueError(f"model must match const 'seedream-v5-lite', got '{model}'")

        input_ = SeedreamV5LiteInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        seedream_v5_lite_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return seedream_v5_lite_request
