from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.result_json_result_object import ResultJsonResultObject


T = TypeVar("T", bound="ResultJson")


@_attrs_define
class ResultJson:
    """The decoded content of `TaskRecord.resultJson` on success.

    Attributes:
        result_urls (list[str] | Unset): URLs of the generated images or video. Download them promptly.
        result_water_mark_urls (list[str] | Unset): Watermarked variants (kie analog, some models only).
        result_object (ResultJsonResultObject | Unset): Result of text-output models (kie analog; none of the twelve).
    """

    result_urls: list[str] | Unset = UNSET
    result_water_mark_urls: list[str] | Unset = UNSET
    result_object: ResultJsonResultObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result_urls: list[str] | Unset = UNSET
        if not isinstance(self.result_urls, Unset):
            result_urls = self.result_urls

        result_water_mark_urls: list[str] | Unset = UNSET
        if not isinstance(self.result_water_mark_urls, Unset):
            result_water_mark_urls = self.result_water_mark_urls

        result_object: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result_object, Unset):
            result_object = self.result_object.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if result_urls is not UNSET:
            field_dict["resultUrls"] = result_urls
        if result_water_mark_urls is not UNSET:
            field_dict["resultWaterMarkUrls"] = result_water_mark_urls
        if result_object is not UNSET:
            field_dict["resultObject"] = result_object

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.result_json_result_object import ResultJsonResultObject  # noqa: PLC0415

        d = dict(src_dict)
        result_urls = cast(list[str], d.pop("resultUrls", UNSET))

        result_water_mark_urls = cast(list[str], d.pop("resultWaterMarkUrls", UNSET))

        _result_object = d.pop("resultObject", UNSET)
        result_object: ResultJsonResultObject | Unset
        if isinstance(_result_object, Unset):
            result_object = UNSET
        else:
            result_object = ResultJsonResultObject.from_dict(_result_object)

        result_json = cls(
            result_urls=result_urls,
            result_water_mark_urls=result_water_mark_urls,
            result_object=result_object,
        )

        result_json.additional_properties = d
        return result_json

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
