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
    from ..models.flux_2_pro_input import Flux2ProInput


T = TypeVar("T", bound="Flux2ProRequest")


@_attrs_define
class Flux2ProRequest:
    """Flux-2 Pro text to image, with optional reference images.

    Attributes:
        model (Literal['flux-2-pro']): Model id, always `flux-2-pro`. Default: 'flux-2-pro'.
        input_ (Flux2ProInput): Input of `flux-2-pro`. `width` and `height` come together (both omitted → 1024×768);
            `aspect_ratio` is the alternative. Reference images: `input_image` … `input_image_4` and `reference_images`, at
            most 4 in all.
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: Flux2ProInput
    model: Literal["flux-2-pro"] = "flux-2-pro"
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
        from ..models.flux_2_pro_input import Flux2ProInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["flux-2-pro"], d.pop("model"))
        if model != "flux-2-pro":
            raise ValueError(f"model must match const 'flux-2-pro', got '{model}'")

        input_ = Flux2ProInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        flux_2_pro_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return flux_2_pro_request
