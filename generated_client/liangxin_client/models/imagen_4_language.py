from typing import Literal

Imagen4Language = Literal["auto", "en", "es", "hi", "ja", "ko", "pt", "zh", "zh-CN"]

IMAGEN_4_LANGUAGE_VALUES: set[Imagen4Language] = {
    "auto",
    "en",
    "es",
    "hi",
    "ja",
    "ko",
    "pt",
    "zh",
    "zh-CN",
}


def check_imagen_4_language(value: str) -> Imagen4Language:
    if value in IMAGEN_4_LANGUAGE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IMAGEN_4_LANGUAGE_VALUES!r}")
