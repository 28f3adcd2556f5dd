from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_param_input_type_0 import TaskParamInputType0


T = TypeVar("T", bound="TaskParam")


@_attrs_define
class TaskParam:
    """The decoded content of `TaskRecord.param`: the createTask body. `input` may itself be a JSON string (seen in kie
    task logs).

        Attributes:
            model (str):
            call_back_url (None | str | Unset):
            input_ (str | TaskParamInputType0 | Unset): The model input, as an object or as a JSON string.
    """

    model: str
    call_back_url: None | str | Unset = UNSET
    input_: str | TaskParamInputType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.task_param_input_type_0 import TaskParamInputType0  # noqa: PLC0415

        model = self.model

        call_back_url: None | str | Unset
        if isinstance(self.call_back_url, Unset):
            call_back_url = UNSET
        else:
            call_back_url = self.call_back_url

        input_: dict[str, Any] | str | Unset
        if isinstance(self.input_, Unset):
            input_ = UNSET
        elif isinstance(self.input_, TaskParamInputType0):
            input_ = self.input_.to_dict()
        else:
            input_ = self.input_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
            }
        )
        if call_back_url is not UNSET:
            field_dict["callBackUrl"] = call_back_url
        if input_ is not UNSET:
            field_dict["input"] = input_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_param_input_type_0 import TaskParamInputType0  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        def _parse_call_back_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        call_back_url = _parse_call_back_url(d.pop("callBackUrl", UNSET))

        def _parse_input_(data: object) -> str | TaskParamInputType0 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_type_0 = TaskParamInputType0.from_dict(data)

                return input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TaskParamInputType0 | Unset, data)

        input_ = _parse_input_(d.pop("input", UNSET))

        task_param = cls(
            model=model,
            call_back_url=call_back_url,
            input_=input_,
        )

        task_param.additional_properties = d
        return task_param

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
