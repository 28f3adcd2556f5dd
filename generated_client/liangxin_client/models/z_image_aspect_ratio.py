from typing import Literal

ZImageAspectRatio = Literal["16:9", "1:1", "3:4", "4:3", "9:16"]

Z_IMAGE_ASPECT_RATIO_VALUES: set[ZImageAspectRatio] = {
    "16:9",
    "1:1",
    "3:4",
    "4:3",
    "9:16",
}


def check_z_image_aspect_ratio(value: str) -> ZImageAspectRatio:
    if value in Z_IMAGE_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {Z_IMAGE_ASPECT_RATIO_VALUES!r}")
