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
    from ..models.imagen_4_fast_input import Imagen4FastInput


T = TypeVar("T", bound="Imagen4FastRequest")


@_attrs_define
class Imagen4FastRequest:
    """Google imagen4-fast.

    Attributes:
        model (Literal['imagen4-fast']): Model id, always `imagen4-fast`. Default: 'imagen4-fast'.
        input_ (Imagen4FastInput): Input of `imagen4-fast`. LiangXin's field table was not retrieved; the fields are
            assumed to be those of `imagen4-ultra` (same upstream family and page template).
        call_back_url (str | Unset): Optional URL to POST the task record to when the task ends (success or fail).
            LiangXin requires a public HTTPS URL; the mock also accepts http for local receivers.
    """

    input_: Imagen4FastInput
    model: Literal["imagen4-fast"] = "imagen4-fast"
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
        from ..models.imagen_4_fast_input import Imagen4FastInput  # noqa: PLC0415

        d = dict(src_dict)
        model = cast(Literal["imagen4-fast"], d.pop("model"))
        if model != "imagen4-fast":
            raise ValueError(f"model must match const 'imagen4-fast', got '{model}'")

        input_ = Imagen4FastInput.from_dict(d.pop("input"))

        call_back_url = d.pop("callBackUrl", UNSET)

        imagen_4_fast_request = cls(
            model=model,
            input_=input_,
            call_back_url=call_back_url,
        )

        return imagen_4_fast_request
