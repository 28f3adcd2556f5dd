from typing import Literal

NanoBananaProFlashInputOutputFormat = Literal["png"]

NANO_BANANA_PRO_FLASH_INPUT_OUTPUT_FORMAT_VALUES: set[NanoBananaProFlashInputOutputFormat] = {
    "png",
}


def check_nano_banana_pro_flash_input_output_format(
    value: str,
) -> NanoBananaProFlashInputOutputFormat:
    if value in NANO_BANANA_PRO_FLASH_INPUT_OUTPUT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NANO_BANANA_PRO_FLASH_INPUT_OUTPUT_FORMAT_VALUES!r}"
    )
