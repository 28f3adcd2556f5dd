from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.imagen_4_aspect_ratio import (
    Imagen4AspectRatio,
    check_imagen_4_aspect_ratio,
)
from ..models.imagen_4_language import Imagen4Language, check_imagen_4_language
from ..models.imagen_4_output_format import (
    Imagen4OutputFormat,
    check_imagen_4_output_format,
)
from ..models.imagen_4_person_generation import (
    Imagen4PersonGeneration,
    check_imagen_4_person_generation,
)
from ..models.imagen_4_safety_settings import (
    Imagen4SafetySettings,
    check_imagen_4_safety_settings,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Imagen4UltraInput")


@_attrs_define
class Imagen4UltraInput:
    """Input of `imagen4-ultra`.

    Attributes:
        prompt (str): Text prompt; non-empty.
        aspect_ratio (Imagen4AspectRatio | Unset): Output aspect ratio (5 ratios, as alias or colon form).
        person_generation (Imagen4PersonGeneration | Unset):
        safety_settings (Imagen4SafetySettings | Unset):
        seed (int | Unset): Seed; at least 1 when given.
        enhance_prompt (bool | Unset): Let the upstream enhance the prompt.
        language (Imagen4Language | Unset):
        output_format (Imagen4OutputFormat | Unset):
        compression_quality (int | Unset): JPEG compression quality 1–100 (sent inside upstream `output_options`).
    """

    prompt: str
    aspect_ratio: Imagen4AspectRatio | Unset = UNSET
    person_generation: Imagen4PersonGeneration | Unset = UNSET
    safety_settings: Imagen4SafetySettings | Unset = UNSET
    seed: int | Unset = UNSET
    enhance_prompt: bool | Unset = UNSET
    language: Imagen4Language | Unset = UNSET
    output_format: Imagen4OutputFormat | Unset = UNSET
    compression_quality: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        person_generation: str | Unset = UNSET
        if not isinstance(self.person_generation, Unset):
            person_generation = self.person_generation

        safety_settings: str | Unset = UNSET
        if not isinstance(self.safety_settings, Unset):
            safety_settings = self.safety_settings

        seed = self.seed

        enhance_prompt = self.enhance_prompt

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format

        compression_quality = self.compression_quality

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if person_generation is not UNSET:
            field_dict["person_generation"] = person_generation
        if safety_settings is not UNSET:
            field_dict["safety_settings"] = safety_settings
        if seed is not UNSET:
            field_dict["seed"] = seed
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt
        if language is not UNSET:
            field_dict["language"] = language
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if compression_quality is not UNSET:
            field_dict["compression_quality"] = compression_quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Imagen4AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_imagen_4_aspect_ratio(_aspect_ratio)

        _person_generation = d.pop("person_generation", UNSET)
        person_generation: Imagen4PersonGeneration | Unset
        if isinstance(_person_generation, Unset):
            person_generation = UNSET
        else:
            person_generation = check_imagen_4_person_generation(_person_generation)

        _safety_settings = d.pop("safety_settings", UNSET)
        safety_settings: Imagen4SafetySettings | Unset
        if isinstance(_safety_settings, Unset):
            safety_settings = UNSET
        else:
            safety_settings = check_imagen_4_safety_settings(_safety_settings)

        seed = d.pop("seed", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        _language = d.pop("language", UNSET)
        language: Imagen4Language | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = check_imagen_4_language(_language)

        _output_format = d.pop("output_format", UNSET)
        output_format: Imagen4OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = check_imagen_4_output_format(_output_format)

        compression_quality = d.pop("compression_quality", UNSET)

        imagen_4_ultra_input = cls(
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            person_generation=person_generation,
            safety_settings=safety_settings,
            seed=seed,
            enhance_prompt=enhance_prompt,
            language=language,
            output_format=output_format,
            compression_quality=compression_quality,
        )

        return imagen_4_ultra_input
