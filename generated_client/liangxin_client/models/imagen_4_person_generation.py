from typing import Literal

Imagen4PersonGeneration = Literal["allow_adult", "allow_all", "dont_allow"]

IMAGEN_4_PERSON_GENERATION_VALUES: set[Imagen4PersonGeneration] = {
    "allow_adult",
    "allow_all",
    "dont_allow",
}


def check_imagen_4_person_generation(value: str) -> Imagen4PersonGeneration:
    if value in IMAGEN_4_PERSON_GENERATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGEN_4_PERSON_GENERATION_VALUES!r}"
    )
