"""Fill empty msgstr entries of a .po file from a Python module of translations.

Usage: fill_po.py FILE.po TRANSLATIONS.py  (the module defines T = {msgid: msgstr} and
P = {msgid: (singular, plural)}). Reports msgids left without a translation.
"""

from __future__ import annotations

import re
import runpy
import sys


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def main(po_path: str, translations_path: str) -> int:
    namespace = runpy.run_path(translations_path)
    singular: dict[str, str] = namespace["T"]
    plural: dict[str, tuple[str, str]] = namespace.get("P", {})
    with open(po_path, encoding="utf-8") as handle:
        text = handle.read()
    header, *blocks = text.split("\n\n")
    missing = []
    out = [header.replace("#, fuzzy\n", "", 1)]
    for block in blocks:
        comments = [line for line in block.splitlines() if line.startswith("#")]
        body = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        current = None
        for line in body:
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = unquote(fields.get("msgid", ""))
        comments = [c for c in comments if c != "#, fuzzy" and not c.startswith("#| ")]
        lines = [*comments, f"msgid {quote(msgid)}"]
        if "msgid_plural" in fields:
            one, many = plural.get(msgid, ("", ""))
            if not one:
                missing.append(msgid)
            lines += [
                f"msgid_plural {quote(unquote(fields['msgid_plural']))}",
                f"msgstr[0] {quote(one)}",
                f"msgstr[1] {quote(many)}",
            ]
        else:
            translated = singular.get(msgid, "")
            if not translated:
                missing.append(msgid)
            lines.append(f"msgstr {quote(translated)}")
        out.append("\n".join(lines))
    with open(po_path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(out) + "\n")
    for msgid in missing:
        print("MISSING:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
