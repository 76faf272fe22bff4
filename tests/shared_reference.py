"""Third-party reference material, read in place from ../shared/reference beside the clone.

Those pages and documents come from public repositories and are never copied into this one. A
clone without ../shared (a user's) skips the tests that need them, saying so; CI always has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
SHARED_GOLD = SHARED / "gold"
# Four national and municipal documents of related genres (an assessment scheme, a procurement
# pilot, two TCM opinions) that the parse and research tests use beside the seeds.
RELATED_GENRES = (
    "01_guobanfa2019-4_sanji_gongli_yiyuan_jixiao_kaohe.txt",
    "02_guobanfa2019-2_guojia_zuzhi_yaopin_jizhong_caigou_shidian.txt",
    "03_beijing2017_zhichi_zhongyiyao_zhenxing_fazhan_yijian.txt",
    "04_guofa2016-15_zhongyiyao_fazhan_zhanlue_guihua_gangyao.txt",
)
ABSENT = f"third-party reference material not found at {REFERENCE} (it is never committed)"


def reference_dir(name: str) -> Path:
    """`../shared/reference/<name>`, or skip the calling test when it is absent."""
    path = REFERENCE / name
    if not path.is_dir():
        pytest.skip(ABSENT)
    return path


def related_genre_documents() -> list[Path]:
    """The RELATED_GENRES texts that are present (none in a clone without ../shared)."""
    return [p for p in (REFERENCE / "documents" / n for n in RELATED_GENRES) if p.is_file()]


def reference_params(name: str, pattern: str) -> list[Any]:
    """Files of `../shared/reference/<name>` matching `pattern`, as parametrize values; one
    skipped parameter saying why when the folder is absent."""
    files = sorted((REFERENCE / name).glob(pattern))
    return as_params(files)


def as_params(files: list[Path]) -> list[Any]:
    """Paths as parametrize values, or one skipped value saying why when there are none."""
    if files:
        return [pytest.param(p, id=p.name) for p in files]
    return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT), id="absent")]
