"""Writing site entries as one-line YAML flow mappings, as a person writes them (``{id: X, a: ..., b: ...}``).

Used by the importers (``import netbox``, ``import journal``); values are quoted
only where plain YAML would read them differently.
"""
from __future__ import annotations

import json

import yaml


def scalar(value) -> str:
    """A YAML scalar for a flow mapping: plain when safe, else quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    plain = yaml.safe_dump(text, default_flow_style=True, width=10**6, allow_unicode=True)
    if (plain.startswith(("'", '"')) or not text or text != text.strip() or any(c in text for c in "[]{},#&*!|>%@`'\"")
            or ": " in text or text.endswith(":") or "\n" in text):
        if text.isprintable():
            return "'" + text.replace("'", "''") + "'"
        return json.dumps(text, ensure_ascii=False)
    return text


def flow(d: dict) -> str:
    """``{k: v, ...}`` of the entries whose value is not None."""
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in d.items() if v is not None) + "}"


def entry(e: dict) -> str:
    """A flow mapping whose values may be mappings or lists (of scalars or mappings)."""
    parts = []
    for k, v in e.items():
        if v is None:
            continue
        if isinstance(v, dict):
            parts.append(f"{k}: {flow(v)}")
        elif isinstance(v, list):
            parts.append(f"{k}: [" + ", ".join(flow(x) if isinstance(x, dict) else scalar(x) for x in v) + "]")
        else:
            parts.append(f"{k}: {scalar(v)}")
    return "{" + ", ".join(parts) + "}"
