from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BusinessError")


@_attrs_define
class BusinessError:
    """Business/validation error, e.g. `{"code": 400, "msg": "input.prompt is required", "data": null}`.

    Attributes:
        code (int): Mirrors the HTTP status.
        msg (str | Unset): Names the field, the bad value and what is allowed. LiangXin always sends it; some kie-style
            answers say `message` instead.
        message (str | Unset): The kie-style spelling of `msg` (analog).
        data (None | Unset):
    """

    code: int
    msg: str | Unset = UNSET
    message: str | Unset = UNSET
    data: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        msg = self.msg

        message = self.message

        data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if message is not UNSET:
            field_dict["message"] = message
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg", UNSET)

        message = d.pop("message", UNSET)

        data = d.pop("data", UNSET)

        business_error = cls(
            code=code,
            msg=msg,
            message=message,
            data=data,
        )

        business_error.additional_properties = d
        return business_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
