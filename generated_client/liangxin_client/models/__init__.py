"""Contains all the data models used in inputs/outputs"""

from .business_error import BusinessError
from .create_task_data import CreateTaskData
from .create_task_response import CreateTaskResponse
from .flux_2_aspect_ratio import Flux2AspectRatio
from .flux_2_pro_input import Flux2ProInput
from .flux_2_pro_request import Flux2ProRequest
from .gateway_error import GatewayError
from .gateway_error_detail import GatewayErrorDetail
from .gemini_25_flash_image_preview_input import Gemini25FlashImagePreviewInput
from .gemini_25_flash_image_preview_input_output_format import (
    Gemini25FlashImagePreviewInputOutputFormat,
)
from .gemini_25_flash_image_preview_request import Gemini25FlashImagePreviewRequest
from .imagen_4_aspect_ratio import Imagen4AspectRatio
from .imagen_4_fast_input import Imagen4FastInput
from .imagen_4_fast_request import Imagen4FastRequest
from .imagen_4_language import Imagen4Language
from .imagen_4_output_format import Imagen4OutputFormat
from .imagen_4_person_generation import Imagen4PersonGeneration
from .imagen_4_safety_settings import Imagen4SafetySettings
from .imagen_4_ultra_input import Imagen4UltraInput
from .imagen_4_ultra_request import Imagen4UltraRequest
from .kling_aspect_ratio import KlingAspectRatio
from .kling_duration import KlingDuration
from .kling_element import KlingElement
from .kling_shot import KlingShot
from .kling_shot_type import KlingShotType
from .kling_v3_pro_input import KlingV3ProInput
from .kling_v3_pro_request import KlingV3ProRequest
from .nano_banana_aspect_ratio import NanoBananaAspectRatio
from .nano_banana_pro_flash_input import NanoBananaProFlashInput
from .nano_banana_pro_flash_input_output_format import (
    NanoBananaProFlashInputOutputFormat,
)
from .nano_banana_pro_flash_request import NanoBananaProFlashRequest
from .nano_banana_pro_input import NanoBananaProInput
from .nano_banana_pro_input_output_format import NanoBananaProInputOutputFormat
from .nano_banana_pro_request import NanoBananaProRequest
from .nano_banana_resolution import NanoBananaResolution
from .record_info_response import RecordInfoResponse
from .result_json import ResultJson
from .result_json_result_object import ResultJsonResultObject
from .seedream_aspect_ratio import SeedreamAspectRatio
from .seedream_v5_lite_edit_input import SeedreamV5LiteEditInput
from .seedream_v5_lite_edit_request import SeedreamV5LiteEditRequest
from .seedream_v5_lite_input import SeedreamV5LiteInput
from .seedream_v5_lite_request import SeedreamV5LiteRequest
from .seedream_v45_edit_input import SeedreamV45EditInput
from .seedream_v45_edit_request import SeedreamV45EditRequest
from .seedream_v45_input import SeedreamV45Input
from .seedream_v45_request import SeedreamV45Request
from .task_callback import TaskCallback
from .task_param import TaskParam
from .task_param_input_type_0 import TaskParamInputType0
from .task_record import TaskRecord
from .task_state import TaskState
from .z_image_aspect_ratio import ZImageAspectRatio
from .z_image_input import ZImageInput
from .z_image_input_output_format import ZImageInputOutputFormat
from .z_image_request import ZImageRequest
from .z_image_size import ZImageSize

__all__ = (
    "BusinessError",
    "CreateTaskData",
    "CreateTaskResponse",
    "Flux2AspectRatio",
    "Flux2ProInput",
    "Flux2ProRequest",
    "GatewayError",
    "GatewayErrorDetail",
    "Gemini25FlashImagePreviewInput",
    "Gemini25FlashImagePreviewInputOutputFormat",
    "Gemini25FlashImagePreviewRequest",
    "Imagen4AspectRatio",
    "Imagen4FastInput",
    "Imagen4FastRequest",
    "Imagen4Language",
    "Imagen4OutputFormat",
    "Imagen4PersonGeneration",
    "Imagen4SafetySettings",
    "Imagen4UltraInput",
    "Imagen4UltraRequest",
    "KlingAspectRatio",
    "KlingDuration",
    "KlingElement",
    "KlingShot",
    "KlingShotType",
    "KlingV3ProInput",
    "KlingV3ProRequest",
    "NanoBananaAspectRatio",
    "NanoBananaProFlashInput",
    "NanoBananaProFlashInputOutputFormat",
    "NanoBananaProFlashRequest",
    "NanoBananaProInput",
    "NanoBananaProInputOutputFormat",
    "NanoBananaProRequest",
    "NanoBananaResolution",
    "RecordInfoResponse",
    "ResultJson",
    "ResultJsonResultObject",
    "SeedreamAspectRatio",
    "SeedreamV45EditInput",
    "SeedreamV45EditRequest",
    "SeedreamV45Input",
    "SeedreamV45Request",
    "SeedreamV5LiteEditInput",
    "SeedreamV5LiteEditRequest",
    "SeedreamV5LiteInput",
    "SeedreamV5LiteRequest",
    "TaskCallback",
    "TaskParam",
    "TaskParamInputType0",
    "TaskRecord",
    "TaskState",
    "ZImageAspectRatio",
    "ZImageInput",
    "ZImageInputOutputFormat",
    "ZImageRequest",
    "ZImageSize",
)
