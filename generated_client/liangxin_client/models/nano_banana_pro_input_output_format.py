from typing import Literal

NanoBananaProInputOutputFormat = Literal["png"]

NANO_BANANA_PRO_INPUT_OUTPUT_FORMAT_VALUES: set[NanoBananaProInputOutputFormat] = {
    "png",
}


def check_nano_banana_pro_input_output_format(value: str) -> NanoBananaProInputOutputFormat:
    if value in NANO_BANANA_PRO_INPUT_OUTPUT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NANO_BANANA_PRO_INPUT_OUTPUT_FORMAT_VALUES!r}"
    )
