from typing import Literal

NanoBananaResolution = Literal["1K", "2K", "4K", "high", "low", "medium"]

NANO_BANANA_RESOLUTION_VALUES: set[NanoBananaResolution] = {
    "1K",
    "2K",
    "4K",
    "high",
    "low",
    "medium",
}


def check_nano_banana_resolution(value: str) -> NanoBananaResolution:
    if value in NANO_BANANA_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NANO_BANANA_RESOLUTION_VALUES!r}"
    )
