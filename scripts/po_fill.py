"""Fill empty msgstr entries of a .po file from a {msgid: translation} JSON file (a dev helper).

    python scripts/po_fill.py tangkal/core/locale/en/LC_MESSAGES/django.po translations.json
    python scripts/po_fill.py --missing tangkal/core/locale/en/LC_MESSAGES/django.po   # list untranslated
"""

from __future__ import annotations

import json
import re
import sys

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\n?)+))(msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+))', re.M)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    text = "".join(parts)
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"\n'


def main() -> None:
    if sys.argv[1] == "--missing":
        content = open(sys.argv[2], encoding="utf-8").read()
        for match in ENTRY.finditer(content):
            if unquote(match.group(2)) and not unquote(match.group(4)):
                print(json.dumps(unquote(match.group(2)), ensure_ascii=False))
        return
    path, table_path = sys.argv[1], sys.argv[2]
    table = json.load(open(table_path, encoding="utf-8"))
    content = open(path, encoding="utf-8").read()

    def replace(match: re.Match) -> str:
        msgid = unquote(match.group(2))
        if msgid and not unquote(match.group(4)) and msgid in table:
            return match.group(1) + "msgstr " + quote(table[msgid])
        return match.group(0)

    content = ENTRY.sub(replace, content).replace("#, fuzzy\n", "")
    open(path, "w", encoding="utf-8").write(content)


if __name__ == "__main__":
    main()
