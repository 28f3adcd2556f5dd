from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.gemini_25_flash_image_preview_input_output_format import (
    Gemini25FlashImagePreviewInputOutputFormat,
    check_gemini_25_flash_image_preview_input_output_format,
)
from ..models.nano_banana_aspect_ratio import (
    NanoBananaAspectRatio,
    check_nano_banana_aspect_ratio,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Gemini25FlashImagePreviewInput")


@_attrs_define
class Gemini25FlashImagePreviewInput:
    """Input of `gemini-2.5-flash-image-preview`. LiangXin publishes no field table; fields follow its nano-banana-pro
    page.

        Attributes:
            prompt (str): Text prompt, or the edit instruction when reference images are given.
            image_input (list[str] | Unset): Reference images: URLs ending in .png/.jpg/.jpeg/.webp or data URIs of those
                types. Together with `reference_images`, at most 3.
            reference_images (list[str] | Unset): Same pool as `image_input` (combined at most 3).
            aspect_ratio (NanoBananaAspectRatio | Unset): Output aspect ratio.
            output_format (Gemini25FlashImagePreviewInputOutputFormat | Unset): Output image format.
    """

    prompt: str
    image_input: list[str] | Unset = UNSET
    reference_images: list[str] | Unset = UNSET
    aspect_ratio: NanoBananaAspectRatio | Unset = UNSET
    output_format: Gemini25FlashImagePreviewInputOutputFormat | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        image_input: list[str] | Unset = UNSET
        if not isinstance(self.image_input, Unset):
            image_input = self.image_input

        reference_images: list[str] | Unset = UNSET
        if not isinstance(self.reference_images, Unset):
            reference_images = self.reference_images

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if image_input is not UNSET:
            field_dict["image_input"] = image_input
        if reference_images is not UNSET:
            field_dict["reference_images"] = reference_images
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if output_format is not UNSET:
            field_dict["output_format"] = output_format

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        image_input = cast(list[str], d.pop("image_input", UNSET))

        reference_images = cast(list[str], d.pop("reference_images", UNSET))

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: NanoBananaAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_nano_banana_aspect_ratio(_aspect_ratio)

        _output_format = d.pop("output_format", UNSET)
        output_format: Gemini25FlashImagePreviewInputOutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = check_gemini_25_flash_image_preview_input_output_format(_output_format)

        gemini_25_flash_image_preview_input = cls(
            prompt=prompt,
            image_input=image_input,
            reference_images=reference_images,
            aspect_ratio=aspect_ratio,
            output_format=output_format,
        )

        return gemini_25_flash_image_preview_input
