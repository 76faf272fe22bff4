"""What signs a document: the organ's line and the date line under it.

The metadata reader takes the issuer and issue date from them; the outline reader takes a
signed and dated notice as the end of the notice before the plan it issues.
"""

from __future__ import annotations

import re

# A standalone date line: "2024年1月14日".
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# A date line in Chinese numerals: "二〇二四年三月五日", "(二〇二三年一月七日)".
CN_DATE_LINE = re.compile(
    r"^(?P<open>\(?)(?P<y>[〇零○Ｏ0O一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日(?P<close>\)?)$"
)
# A date line in figures, as Word exports and portals print it: "2024-03-05", "2024.3.5".
NUMERIC_DATE_LINE = re.compile(r"^\d{4}([-./])\d{1,2}\1\d{1,2}$")
# The last character of a complete unit's name: 市卫生健康委, 市财政局, 各县人民政府, 有关部门.
UNIT_NAME_END_CHARS = "委局厅办部府会心处室组院所站队门构位"
# Asides after an organ's name: its second name in brackets, a seal note.
SEAL_NOTE = re.compile(r"\((?:代章|盖章|印章|章)\)$")
ORGAN_ASIDE = re.compile(r"(?:\([^()]{1,20}\))+$")
# How an organ's name ends.
ORGAN_SUFFIX = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|国务院|卫生健康委|局|厅|委|部|中心|小组)$"
)


def is_date_line(line: str) -> bool:
    """Whether a line is a date alone: 年月日 in digits or in Chinese numerals, or figures."""
    if line.endswith("日"):
        return bool(DATE_LINE.match(line) or CN_DATE_LINE.match(line))
    return line[-1:].isdigit() and NUMERIC_DATE_LINE.match(line) is not None


def is_organ(name: str) -> bool:
    """Whether a name ends like an organ, a bracketed second name or a seal note aside:
    "海南省健康海南建设委员会(爱国卫生运动委员会)(代章)"."""
    return ORGAN_SUFFIX.search(ORGAN_ASIDE.sub("", name)) is not None
