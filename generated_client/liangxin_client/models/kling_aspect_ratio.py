from typing import Literal

KlingAspectRatio = Literal["16:9", "1:1", "9:16"]

KLING_ASPECT_RATIO_VALUES: set[KlingAspectRatio] = {
    "16:9",
    "1:1",
    "9:16",
}


def check_kling_aspect_ratio(value: str) -> KlingAspectRatio:
    if value in KLING_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {KLING_ASPECT_RATIO_VALUES!r}")
