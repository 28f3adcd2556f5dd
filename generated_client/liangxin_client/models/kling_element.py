from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KlingElement")


@_attrs_define
class KlingElement:
    """A character or object reference (kie `kling_elements` analog).

    Attributes:
        name (str): Name used as `@name` in the prompt.
        description (str | Unset): What the element is (free text).
        element_input_urls (list[str] | Unset): 2–4 reference images of the element.
        element_input_video_urls (list[str] | Unset): One reference video of the element.
    """

    name: str
    description: str | Unset = UNSET
    element_input_urls: list[str] | Unset = UNSET
    element_input_video_urls: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        element_input_urls: list[str] | Unset = UNSET
        if not isinstance(self.element_input_urls, Unset):
            element_input_urls = self.element_input_urls

        element_input_video_urls: list[str] | Unset = UNSET
        if not isinstance(self.element_input_video_urls, Unset):
            element_input_video_urls = self.element_input_video_urls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if element_input_urls is not UNSET:
            field_dict["element_input_urls"] = element_input_urls
        if element_input_video_urls is not UNSET:
            field_dict["element_input_video_urls"] = element_input_video_urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        element_input_urls = cast(list[str], d.pop("element_input_urls", UNSET))

        element_input_video_urls = cast(list[str], d.pop("element_input_video_urls", UNSET))

        kling_element = cls(
            name=name,
            description=description,
            element_input_urls=element_input_urls,
            element_input_video_urls=element_input_video_urls,
        )

        return kling_element
