from typing import Literal

Imagen4AspectRatio = Literal[
    "16:9",
    "1:1",
    "3:4",
    "4:3",
    "9:16",
    "classic_4_3",
    "social_story_9_16",
    "square_1_1",
    "traditional_3_4",
    "widescreen_16_9",
]

IMAGEN_4_ASPECT_RATIO_VALUES: set[Imagen4AspectRatio] = {
    "16:9",
    "1:1",
    "3:4",
    "4:3",
    "9:16",
    "classic_4_3",
    "social_story_9_16",
    "square_1_1",
    "traditional_3_4",
    "widescreen_16_9",
}


def check_imagen_4_aspect_ratio(value: str) -> Imagen4AspectRatio:
    if value in IMAGEN_4_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IMAGEN_4_ASPECT_RATIO_VALUES!r}")
