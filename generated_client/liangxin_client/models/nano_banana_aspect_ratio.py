from typing import Literal

NanoBananaAspectRatio = Literal[
    "16:9", "1:1", "21:9", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16"
]

NANO_BANANA_ASPECT_RATIO_VALUES: set[NanoBananaAspectRatio] = {
    "16:9",
    "1:1",
    "21:9",
    "2:3",
    "3:2",
    "3:4",
    "4:3",
    "4:5",
    "5:4",
    "9:16",
}


def check_nano_banana_aspect_ratio(value: str) -> NanoBananaAspectRatio:
    if value in NANO_BANANA_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NANO_BANANA_ASPECT_RATIO_VALUES!r}"
    )
