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
    from ..models.seedream_v45_input import SeedreamV45Input


T = TypeVar("T", bound="SeedreamV45Request")


@_attrs_define
class SeedreamV45Request:
    """Seedream 4.5 text to image.

    Attributes:
        model (Literal['seedream-v4-5']): Model id, always `seedream-v4-5`. Default: 'seedream-v4-5'.
        input_ (SeedreamV45Input): Input of `seedream-v4-5`.
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: SeedreamV45Input
    model: Literal["seedream-v4-5"] = "seedream-v4-5"
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
        from ..models.seedream_v45_input import SeedreamV45Input  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["seedream-v4-5"], d.pop("model"))
        if model != "seedream-v4-5":
            raise ValueError(f"model must match const 'seedream-v4-5', got '{model}'")

        input_ = SeedreamV45Input.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        seedream_v45_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return seedream_v45_request
