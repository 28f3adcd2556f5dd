from typing import Literal

Gemini25FlashImagePreviewInputOutputFormat = Literal["jpeg", "png"]

GEMINI_25_FLASH_IMAGE_PREVIEW_INPUT_OUTPUT_FORMAT_VALUES: set[
    Gemini25FlashImagePreviewInputOutputFormat
] = {
    "jpeg",
    "png",
}


def check_gemini_25_flash_image_preview_input_output_format(
    value: str,
) -> Gemini25FlashImagePreviewInputOutputFormat:
    if value in GEMINI_25_FLASH_IMAGE_PREVIEW_INPUT_OUTPUT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GEMINI_25_FLASH_IMAGE_PREVIEW_INPUT_OUTPUT_FORMAT_VALUES!r}"
    )
