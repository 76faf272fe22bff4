"""The labels of responsibility notes ("牵头单位:", "配合部门:", "【责任单位】").

One vocabulary for the agency reader, which reads the notes, and for normalization, which keeps a
note's own line apart from the text around it."""

from __future__ import annotations

import re

# The role a label gives its units, by the label's first word; the second word is a LABEL_NOUN.
LABEL_ROLE = {
    "主要责任": "responsible", "责任": "responsible", "主责": "responsible",
    "实施": "responsible", "落实": "responsible",
    "主要牵头": "lead", "牵头": "lead", "主办": "lead",
    "配合": "support", "参与": "support", "协办": "support", "协同": "support",
    "协助": "support", "协作": "support", "支持": "support",
}  # fmt: skip
LABEL_NOUNS = ("单位", "部门", "主体")
ROLE_LABEL = "|".join(sorted(LABEL_ROLE, key=len, reverse=True))
LABEL_NOUN = "|".join(LABEL_NOUNS)
# A label where it starts a line, in 【】 or not: "牵头单位市卫生健康委", "【责任单位】…".
LINE_LABEL_RE = re.compile(rf"【?(?:{ROLE_LABEL})(?:{LABEL_NOUN})")
# The characters such a line may start with (a cheap test before the pattern).
LABEL_FIRST_CHARS = frozenset("【" + "".join(word[0] for word in LABEL_ROLE))
