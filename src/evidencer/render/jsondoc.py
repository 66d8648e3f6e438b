"""The JSON report as a file: indented, one item a line, so it reads and diffs well."""

from __future__ import annotations

import json
from collections.abc import Mapping

from evidencer.scrub import scrub

_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every item


def json_document(report: Mapping[str, object]) -> str:
    """Indented JSON with one item a line: readable, diffable, and fast to write."""
    lines = ["{"]
    keys = list(report)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = report[key]
        if key == "items" and isinstance(value, list) and value:
            lines.append(f'  "{key}": [')
            lines.append(",\n".join(["    " + _encode(item) for item in value]))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return scrub("\n".join(lines) + "\n")  # a token a stranger typed into a title: masked
