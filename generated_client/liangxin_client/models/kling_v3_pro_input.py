from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.kling_aspect_ratio import KlingAspectRatio, check_kling_aspect_ratio
from ..models.kling_duration import KlingDuration, check_kling_duration
from ..models.kling_shot_type import KlingShotType, check_kling_shot_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kling_element import KlingElement
    from ..models.kling_shot import KlingShot


T = TypeVar("T", bound="KlingV3ProInput")


@_attrs_define
class KlingV3ProInput:
    """Input of `kling-v3-pro`. LiangXin's field table was not retrieved: the fields are the upstream Magnific body as
    third-party clients show it. `prompt` is required unless `multi_prompt` is given; shot durations add up to
    `duration`.

        Attributes:
            prompt (str | Unset): Text prompt, at most 2500 characters; required unless `multi_prompt` is given.
            negative_prompt (str | Unset): What to avoid. Provider default "blur, distort, and low quality".
            start_image_url (str | Unset): First frame (image-to-video).
            end_image_url (str | Unset): Last frame.
            duration (KlingDuration | Unset): Video length in seconds, sent as a string.
            aspect_ratio (KlingAspectRatio | Unset):
            generate_audio (bool | Unset): Generate native audio.
            multi_shot (bool | Unset): Enable multi-shot generation.
            shot_type (KlingShotType | Unset):
            multi_prompt (list[KlingShot] | Unset): Up to 6 shots; their durations add up to `duration`.
            element_list (list[KlingElement] | Unset): Character or object references, named `@name` in the prompt.
            cfg_scale (float | Unset): Prompt adherence, 0–1. Provider default 0.5.
    """

    prompt: str | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    start_image_url: str | Unset = UNSET
    end_image_url: str | Unset = UNSET
    duration: KlingDuration | Unset = UNSET
    aspect_ratio: KlingAspectRatio | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    multi_shot: bool | Unset = UNSET
    shot_type: KlingShotType | Unset = UNSET
    multi_prompt: list[KlingShot] | Unset = UNSET
    element_list: list[KlingElement] | Unset = UNSET
    cfg_scale: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        negative_prompt = self.negative_prompt

        start_image_url = self.start_image_url

        end_image_url = self.end_image_url

        duration: str | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        generate_audio = self.generate_audio

        multi_shot = self.multi_shot

        shot_type: str | Unset = UNSET
        if not isinstance(self.shot_type, Unset):
            shot_type = self.shot_type

        multi_prompt: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.multi_prompt, Unset):
            multi_prompt = []
            for multi_prompt_item_data in self.multi_prompt:
                multi_prompt_item = multi_prompt_item_data.to_dict()
                multi_prompt.append(multi_prompt_item)

        element_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.element_list, Unset):
            element_list = []
            for element_list_item_data in self.element_list:
                element_list_item = element_list_item_data.to_dict()
                element_list.append(element_list_item)

        cfg_scale = self.cfg_scale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if start_image_url is not UNSET:
            field_dict["start_image_url"] = start_image_url
        if end_image_url is not UNSET:
            field_dict["end_image_url"] = end_image_url
        if duration is not UNSET:
            field_dict["duration"] = duration
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if generate_audio is not UNSET:
            field_dict["generate_audio"] = generate_audio
        if multi_shot is not UNSET:
            field_dict["multi_shot"] = multi_shot
        if shot_type is not UNSET:
            field_dict["shot_type"] = shot_type
        if multi_prompt is not UNSET:
            field_dict["multi_prompt"] = multi_prompt
        if element_list is not UNSET:
            field_dict["element_list"] = element_list
        if cfg_scale is not UNSET:
            field_dict["cfg_scale"] = cfg_scale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kling_element import KlingElement  # noqa: PLC0415
        from ..models.kling_shot import KlingShot  # noqa: PLC0415

        d = dict(src_dict)
        prompt = d.pop("prompt", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        start_image_url = d.pop("start_image_url", UNSET)

        end_image_url = d.pop("end_image_url", UNSET)

        _duration = d.pop("duration", UNSET)
        duration: KlingDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_kling_duration(_duration)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: KlingAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_kling_aspect_ratio(_aspect_ratio)

        generate_audio = d.pop("generate_audio", UNSET)

        multi_shot = d.pop("multi_shot", UNSET)

        _shot_type = d.pop("shot_type", UNSET)
        shot_type: KlingShotType | Unset
        if isinstance(_shot_type, Unset):
            shot_type = UNSET
        else:
            shot_type = check_kling_shot_type(_shot_type)

        _multi_prompt = d.pop("multi_prompt", UNSET)
        multi_prompt: list[KlingShot] | Unset = UNSET
        if _multi_prompt is not UNSET:
            multi_prompt = []
            for multi_prompt_item_data in _multi_prompt:
                multi_prompt_item = KlingShot.from_dict(multi_prompt_item_data)

                multi_prompt.append(multi_prompt_item)

        _element_list = d.pop("element_list", UNSET)
        element_list: list[KlingElement] | Unset = UNSET
        if _element_list is not UNSET:
            element_list = []
            for element_list_item_data in _element_list:
                element_list_item = KlingElement.from_dict(element_list_item_data)

                element_list.append(element_list_item)

        cfg_scale = d.pop("cfg_scale", UNSET)

        kling_v3_pro_input = cls(
            prompt=prompt,
            negative_prompt=negative_prompt,
            start_image_url=start_image_url,
            end_image_url=end_image_url,
            duration=duration,
            aspect_ratio=aspect_ratio,
            generate_audio=generate_audio,
            multi_shot=multi_shot,
            shot_type=shot_type,
            multi_prompt=multi_prompt,
            element_list=element_list,
            cfg_scale=cfg_scale,
        )

        return kling_v3_pro_input
