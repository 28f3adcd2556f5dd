from typing import Literal

Imagen4OutputFormat = Literal["image/jpeg", "image/png", "jpeg", "jpg", "png"]

IMAGEN_4_OUTPUT_FORMAT_VALUES: set[Imagen4OutputFormat] = {
    "image/jpeg",
    "image/png",
    "jpeg",
    "jpg",
    "png",
}


def check_imagen_4_output_format(value: str) -> Imagen4OutputFormat:
    if value in IMAGEN_4_OUTPUT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGEN_4_OUTPUT_FORMAT_VALUES!r}"
    )
