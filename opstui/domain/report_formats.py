"""A report's Markdown in the other forms it is sent in: plain text for 企业微信 / 钉钉 / IM,
and one self-contained HTML page (inline styles) that pastes into an email with its tables.

Both are derived from the Markdown by markdown-it-py (Textual brings it), so every report
gets them for free. ``markdown_it`` is imported inside the functions.
"""

from __future__ import annotations

import html
import re
from typing import Any

FORMATS = ("md", "text", "html")

STYLES = {
    "body": "font-family:-apple-system,'PingFang SC','Microsoft YaHei','Segoe UI',sans-serif;"
            "font-size:14px;line-height:1.6;color:#1f2328;max-width:960px;margin:16px;",
    "h1": "font-size:20px;margin:0 0 12px;border-bottom:2px solid #1f6feb;"
          "padding-bottom:6px;",
    "h2": "font-size:16px;margin:20px 0 8px;color:#1f6feb;",
    "h3": "font-size:14px;margin:14px 0 6px;",
    "table": "border-collapse:collapse;margin:6px 0 12px;font-size:13px;",
    "th": "border:1px solid #d0d7de;background:#f6f8fa;padding:4px 8px;text-align:left;",
    "td": "border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;",
    "p": "margin:6px 0;",
    "ul": "margin:4px 0 8px;padding-left:22px;",
}
"""Inline styles per tag: email clients drop <style> blocks, not style attributes."""


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(markdown: str, title: str = "") -> str:
    """One HTML page with inline styles; user text stays escaped (raw HTML is off)."""
    body = _parser().render(markdown)
    for tag, style in STYLES.items():
        if tag == "body":
            continue
        body = re.sub(rf"<{tag}(?=[ >])", f'<{tag} style="{style}"', body)
    body = re.sub(r'<(th|td) style="([^"]*)" style="text-align:(\w+)"',
                  r'<\1 style="\2text-align:\3;"', body)
    name = html.escape(title or markdown.split("\n", 1)[0].lstrip("# ").strip())
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{name}</title>\n</head>\n<body style=\"{STYLES['body']}\">\n"
            f"{body}</body>\n</html>\n")


def _inline(token: Any) -> str:
    """The text of an inline token with Markdown escapes and emphasis marks removed."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def to_text(markdown: str, lang: str = "en") -> str:
    """Plain text for instant messages: headings in 【】 (zh) or upper-case lines (en),
    lists as bullets, and each table row as one line ``first：header value，…``."""
    zh = lang == "zh"
    colon, comma = ("：", "，") if zh else (": ", ", ")
    tokens = _parser().parse(markdown)
    out: list[str] = []
    header: list[str] = []
    row: list[str] | None = None
    in_head = False
    depth = 0
    level = 0
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1])
        elif kind == "inline" and tokens[i - 1].type == "heading_open":
            text = _inline(token)
            if level == 1:
                out.append(text)
            elif level == 2:
                out += ["", f"【{text}】" if zh else text.upper()]
            else:
                out += [f"〔{text}〕" if zh else f"{text}:"]
        elif kind == "bullet_list_open":
            depth += 1
        elif kind == "bullet_list_close":
            depth -= 1
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            text = _inline(token)
            if depth:
                out.append("  " * (depth - 1) + "· " + text)
            else:
                out.append(text)
        elif kind == "thead_open":
            in_head, header = True, []
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "inline" and row is not None and tokens[i - 1].type in ("th_open",
                                                                             "td_open"):
            row.append(_inline(token).strip())
        elif kind == "tr_close" and row is not None:
            if in_head:
                header = row
            else:
                rest = [f"{h} {c}" for h, c in zip(header[1:], row[1:], strict=False)
                        if c and c != "–"]
                out.append("· " + row[0] + (colon + comma.join(rest) if rest else ""))
            row = None
    return "\n".join(out).strip() + "\n"


def render(markdown: str, fmt: str, lang: str = "en") -> str:
    """``markdown`` in the format named: ``md`` (as is), ``text`` or ``html``."""
    if fmt == "text":
        return to_text(markdown, lang)
    if fmt == "html":
        return to_html(markdown)
    return markdown
