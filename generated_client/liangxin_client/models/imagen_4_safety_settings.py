from typing import Literal

Imagen4SafetySettings = Literal[
    "block_low_and_above", "block_medium_and_above", "block_none", "block_only_high"
]

IMAGEN_4_SAFETY_SETTINGS_VALUES: set[Imagen4SafetySettings] = {
    "block_low_and_above",
    "block_medium_and_above",
    "block_none",
    "block_only_high",
}


def check_imagen_4_safety_settings(value: str) -> Imagen4SafetySettings:
    if value in IMAGEN_4_SAFETY_SETTINGS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGEN_4_SAFETY_SETTINGS_VALUES!r}"
    )
