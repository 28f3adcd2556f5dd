from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.flux_2_aspect_ratio import Flux2AspectRatio, check_flux_2_aspect_ratio
from ..types import UNSET, Unset

T = TypeVar("T", bound="Flux2ProInput")


@_attrs_define
class Flux2ProInput:
    """Input of `flux-2-pro`. `width` and `height` come together (both omitted → 1024×768); `aspect_ratio` is the
    alternative. Reference images: `input_image` … `input_image_4` and `reference_images`, at most 4 in all.

        Attributes:
            prompt (str): Text prompt; non-empty.
            width (int | Unset): Output width in px, 256–1440; must come with `height`. Provider default 1024.
            height (int | Unset): Output height in px, 256–1440; must come with `width`. Provider default 768.
            aspect_ratio (Flux2AspectRatio | Unset): Alternative to explicit `width`/`height`; mapped to dimensions.
            input_image (str | Unset): 1st reference image URL.
            input_image_2 (str | Unset): 2nd reference image URL.
            input_image_3 (str | Unset): 3rd reference image URL.
            input_image_4 (str | Unset): 4th reference image URL.
            reference_images (list[str] | Unset): Reference images as a list; with `input_image*`, at most 4 in all.
            seed (int | Unset): Seed.
            prompt_upsampling (bool | Unset): Let the upstream rewrite the prompt.
    """

    prompt: str
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    aspect_ratio: Flux2AspectRatio | Unset = UNSET
    input_image: str | Unset = UNSET
    input_image_2: str | Unset = UNSET
    input_image_3: str | Unset = UNSET
    input_image_4: str | Unset = UNSET
    reference_images: list[str] | Unset = UNSET
    seed: int | Unset = UNSET
    prompt_upsampling: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        width = self.width

        height = self.height

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        input_image = self.input_image

        input_image_2 = self.input_image_2

        input_image_3 = self.input_image_3

        input_image_4 = self.input_image_4

        reference_images: list[str] | Unset = UNSET
        if not isinstance(self.reference_images, Unset):
            reference_images = self.reference_images

        seed = self.seed

        prompt_upsampling = self.prompt_upsampling

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if input_image is not UNSET:
            field_dict["input_image"] = input_image
        if input_image_2 is not UNSET:
            field_dict["input_image_2"] = input_image_2
        if input_image_3 is not UNSET:
            field_dict["input_image_3"] = input_image_3
        if input_image_4 is not UNSET:
            field_dict["input_image_4"] = input_image_4
        if reference_images is not UNSET:
            field_dict["reference_images"] = reference_images
        if seed is not UNSET:
            field_dict["seed"] = seed
        if prompt_upsampling is not UNSET:
            field_dict["prompt_upsampling"] = prompt_upsampling

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Flux2AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_flux_2_aspect_ratio(_aspect_ratio)

        input_image = d.pop("input_image", UNSET)

        input_image_2 = d.pop("input_image_2", UNSET)

        input_image_3 = d.pop("input_image_3", UNSET)

        input_image_4 = d.pop("input_image_4", UNSET)

        reference_images = cast(list[str], d.pop("reference_images", UNSET))

        seed = d.pop("seed", UNSET)

        prompt_upsampling = d.pop("prompt_upsampling", UNSET)

        flux_2_pro_input = cls(
            prompt=prompt,
            width=width,
            height=height,
            aspect_ratio=aspect_ratio,
            input_image=input_image,
            input_image_2=input_image_2,
            input_image_3=input_image_3,
            input_image_4=input_image_4,
            reference_images=reference_images,
            seed=seed,
            prompt_upsampling=prompt_upsampling,
        )

        return flux_2_pro_input
