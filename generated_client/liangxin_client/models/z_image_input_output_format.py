from typing import Literal

ZImageInputOutputFormat = Literal["jpeg", "png", "webp"]

Z_IMAGE_INPUT_OUTPUT_FORMAT_VALUES: set[ZImageInputOutputFormat] = {
    "jpeg",
    "png",
    "webp",
}


def check_z_image_input_output_format(value: str) -> ZImageInputOutputFormat:
    if value in Z_IMAGE_INPUT_OUTPUT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {Z_IMAGE_INPUT_OUTPUT_FORMAT_VALUES!r}"
    )
