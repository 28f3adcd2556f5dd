from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="KlingShot")


@_attrs_define
class KlingShot:
    """One shot of a multi-shot video.

    Attributes:
        prompt (str): Text prompt, at most 2500 characters; required unless `multi_prompt` is given.
        duration (int): Shot length in seconds.
    """

    prompt: str
    duration: int

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        duration = self.duration

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "duration": duration,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        duration = d.pop("duration")

        kling_shot = cls(
            prompt=prompt,
            duration=duration,
        )

        return kling_shot
