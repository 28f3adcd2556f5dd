from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.z_image_aspect_ratio import ZImageAspectRatio, check_z_image_aspect_ratio
from ..models.z_image_input_output_format import (
    ZImageInputOutputFormat,
    check_z_image_input_output_format,
)
from ..models.z_image_size import ZImageSize, check_z_image_size
from ..types import UNSET, Unset

T = TypeVar("T", bound="ZImageInput")


@_attrs_define
class ZImageInput:
    """Input of `z-image` (text to image only).

    Attributes:
        prompt (str): Text prompt; non-empty, at most 4096 characters (upstream limit).
        image_size (ZImageSize | Unset): Upstream image size name, sent directly to Magnific. Only `square_hd` is
            documented; the other names are the fal-style set the upstream is believed to use.
        aspect_ratio (ZImageAspectRatio | Unset): Alternative to `image_size`; common ratios map to image sizes.
        seed (int | Unset): Deterministic seed.
        num_inference_steps (int | Unset): Upstream step count (range not documented; at least 1).
        output_format (ZImageInputOutputFormat | Unset): Output image format (`png` documented; the others inferred).
        enable_safety_checker (bool | Unset): Upstream safety-checker flag.
    """

    prompt: str
    image_size: ZImageSize | Unset = UNSET
    aspect_ratio: ZImageAspectRatio | Unset = UNSET
    seed: int | Unset = UNSET
    num_inference_steps: int | Unset = UNSET
    output_format: ZImageInputOutputFormat | Unset = UNSET
    enable_safety_checker: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        image_size: str | Unset = UNSET
        if not isinstance(self.image_size, Unset):
            image_size = self.image_size

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        seed = self.seed

        num_inference_steps = self.num_inference_steps

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format

        enable_safety_checker = self.enable_safety_checker

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if image_size is not UNSET:
            field_dict["image_size"] = image_size
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if seed is not UNSET:
            field_dict["seed"] = seed
        if num_inference_steps is not UNSET:
            field_dict["num_inference_steps"] = num_inference_steps
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if enable_safety_checker is not UNSET:
            field_dict["enable_safety_checker"] = enable_safety_checker

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        _image_size = d.pop("image_size", UNSET)
        image_size: ZImageSize | Unset
        if isinstance(_image_size, Unset):
            image_size = UNSET
        else:
            image_size = check_z_image_size(_image_size)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: ZImageAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_z_image_aspect_ratio(_aspect_ratio)

        seed = d.pop("seed", UNSET)

        num_inference_steps = d.pop("num_inference_steps", UNSET)

        _output_format = d.pop("output_format", UNSET)
        output_format: ZImageInputOutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = check_z_image_input_output_format(_output_format)

        enable_safety_checker = d.pop("enable_safety_checker", UNSET)

        z_image_input = cls(
            prompt=prompt,
            image_size=image_size,
            aspect_ratio=aspect_ratio,
            seed=seed,
            num_inference_steps=num_inference_steps,
            output_format=output_format,
            enable_safety_checker=enable_safety_checker,
        )

        return z_image_input
