from typing import Literal

KlingDuration = Literal["10", "11", "12", "13", "14", "15", "3", "4", "5", "6", "7", "8", "9"]

KLING_DURATION_VALUES: set[KlingDuration] = {
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
}


def check_kling_duration(value: str) -> KlingDuration:
    if value in KLING_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {KLING_DURATION_VALUES!r}")
