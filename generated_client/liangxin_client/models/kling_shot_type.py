from typing import Literal

KlingShotType = Literal["customize", "intelligence"]

KLING_SHOT_TYPE_VALUES: set[KlingShotType] = {
    "customize",
    "intelligence",
}


def check_kling_shot_type(value: str) -> KlingShotType:
    if value in KLING_SHOT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {KLING_SHOT_TYPE_VALUES!r}")
