from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.seedream_aspect_ratio import (
    SeedreamAspectRatio,
    check_seedream_aspect_ratio,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SeedreamV5LiteEditInput")


@_attrs_define
class SeedreamV5LiteEditInput:
    """Input of `seedream-v5-lite-edit` (upstream fields).

    Attributes:
        prompt (str): Text prompt; non-empty, at most 4096 characters (upstream limit).
        reference_images (list[str]): 1–5 reference images, each a public URL or base64 data (JPG/JPEG/PNG, at least
            256×256 px, at most 10 MB upstream).
        aspect_ratio (SeedreamAspectRatio | Unset): Output aspect ratio: a colon ratio or a Magnific alias (`square_1_1`
            …). Invalid values are rejected with 400.
        seed (int | Unset): Seed passed to the upstream; 0–4294967295.
        enable_safety_checker (bool | Unset): Upstream safety-checker flag. Provider default `true`.
    """

    prompt: str
    reference_images: list[str]
    aspect_ratio: SeedreamAspectRatio | Unset = UNSET
    seed: int | Unset = UNSET
    enable_safety_checker: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        reference_images = self.reference_images

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        seed = self.seed

        enable_safety_checker = self.enable_safety_checker

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "reference_images": reference_images,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if seed is not UNSET:
            field_dict["seed"] = seed
        if enable_safety_checker is not UNSET:
            field_dict["enable_safety_checker"] = enable_safety_checker

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        reference_images = cast(list[str], d.pop("reference_images"))

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: SeedreamAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_seedream_aspect_ratio(_aspect_ratio)

        seed = d.pop("seed", UNSET)

        enable_safety_checker = d.pop("enable_safety_checker", UNSET)

        seedream_v5_lite_edit_input = cls(
            prompt=prompt,
            reference_images=reference_images,
            aspect_ratio=aspect_ratio,
            seed=seed,
            enable_safety_checker=enable_safety_checker,
        )

        return seedream_v5_lite_edit_input
