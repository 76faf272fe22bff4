"""OCR of scanned pages and images with RapidOCR (PP-OCRv4 Chinese models shipped inside the
rapidocr-onnxruntime wheel; nothing is downloaded). Imported only when a scan needs it, so
`import healthplans.parsing` stays light; the engine is built once per process."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import numpy as np

# Boxes whose vertical centres are closer than this fraction of the line height share a line.
SAME_LINE = 0.5


class OcrUnavailableError(RuntimeError):
    """The OCR engine is not installed."""


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # a clear message instead of an import trace deep in a parse
        raise OcrUnavailableError("OCR needs the rapidocr-onnxruntime package") from exc
    return RapidOCR()


def _lines(boxes: list[tuple[float, float, float, str]]) -> list[str]:
    """Recognised boxes (top, bottom, left, text) to reading-order lines."""
    lines: list[list[tuple[float, float, float, str]]] = []
    for box in sorted(boxes):
        top, bottom = box[0], box[1]
        if lines:
            last = lines[-1]
            centre = (top + bottom) / 2
            l_top = min(b[0] for b in last)
            l_bottom = max(b[1] for b in last)
            if abs(centre - (l_top + l_bottom) / 2) < SAME_LINE * (l_bottom - l_top):
                last.append(box)
                continue
        lines.append([box])
    return ["".join(b[3] for b in sorted(line, key=lambda b: b[2])) for line in lines]


def ocr_image(image: np.ndarray | bytes) -> str:
    """Text of one page image (an RGB array or encoded PNG/JPEG/TIFF bytes), line by line."""
    if isinstance(image, bytes | bytearray):
        from PIL import Image

        with Image.open(io.BytesIO(image)) as picture:
            image = np.asarray(picture.convert("RGB"))
    result, _ = _engine()(image)
    boxes = []
    for points, text, _score in result or []:
        ys = [p[1] for p in points]
        xs = [p[0] for p in points]
        boxes.append((min(ys), max(ys), min(xs), str(text)))
    return "\n".join(_lines(boxes))
