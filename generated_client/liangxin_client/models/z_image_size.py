from typing import Literal

ZImageSize = Literal[
    "landscape_16_9", "landscape_4_3", "portrait_16_9", "portrait_4_3", "square", "square_hd"
]

Z_IMAGE_SIZE_VALUES: set[ZImageSize] = {
    "landscape_16_9",
    "landscape_4_3",
    "portrait_16_9",
    "portrait_4_3",
    "square",
    "square_hd",
}


def check_z_image_size(value: str) -> ZImageSize:
    if value in Z_IMAGE_SIZE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {Z_IMAGE_SIZE_VALUES!r}")
