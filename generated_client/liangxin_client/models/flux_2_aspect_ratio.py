from typing import Literal

Flux2AspectRatio = Literal["16:9", "1:1", "21:9", "2:3", "3:2", "3:4", "4:3", "9:16"]

FLUX_2_ASPECT_RATIO_VALUES: set[Flux2AspectRatio] = {
    "16:9",
    "1:1",
    "21:9",
    "2:3",
    "3:2",
    "3:4",
    "4:3",
    "9:16",
}


def check_flux_2_aspect_ratio(value: str) -> Flux2AspectRatio:
    if value in FLUX_2_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FLUX_2_ASPECT_RATIO_VALUES!r}")
