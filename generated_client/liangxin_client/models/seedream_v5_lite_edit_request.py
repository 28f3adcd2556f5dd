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
    from ..models.seedream_v5_lite_edit_input import SeedreamV5LiteEditInput


T = TypeVar("T", bound="SeedreamV5LiteEditRequest")


@_attrs_define
class SeedreamV5LiteEditRequest:
    """Seedream 5.0 Lite image editing. The model id is not confirmed by LiangXin; it follows the naming pattern and the
    upstream Magnific slug.

        Attributes:
            model (Literal['seedream-v5-lite-edit']): Model id, always `seedream-v5-lite-edit`. Default: 'seedream-v5-lite-
                edit'.
            input_ (SeedreamV5LiteEditInput): Input of `seedream-v5-lite-edit` (upstream fields).
            call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
                LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: SeedreamV5LiteEditInput
    model: Literal["seedream-v5-lite-edit"] = "seedream-v5-lite-edit"
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
        from ..models.seedream_v5_lite_edit_input import SeedreamV5LiteEditInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["seedream-v5-lite-edit"], d.pop("model"))
        if model != "seedream-v5-lite-edit":
            raise ValueError(f"model must match const 'seedream-v5-lite-edit', got '{model}'")

        input_ = SeedreamV5LiteEditInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        seedream_v5_lite_edit_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return seedream_v5_lite_edit_request
