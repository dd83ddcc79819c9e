"""The one escaping helper: text that comes from data is shown, never interpreted.

Streamlit renders Markdown (GitHub flavour, KaTeX maths, `:red[…]` colour directives, emoji and
icon shortcodes, autolinks) in nearly every string it shows, and HTML where a page allows it. A
service named `![](http://tracker/x.png)` would make every reader's browser fetch that image. Every
string from a file, a header, a note or an action passes through `plain` before it reaches a
Markdown or HTML context.

Bare addresses are the exception: GitHub-flavoured Markdown links them after decoding, so an
invisible word joiner (U+2060) is slipped after « : » and « @ » and inside « www. ».

Why numeric character references rather than backslashes: a reference such as `&#58;` is decoded
to its character only after Markdown has been parsed, so no construct (autolink literal, maths,
directive, shortcode, HTML tag) can start from it; and the same output is also safe inside HTML,
where the references are decoded the same way. Backslash escapes do not cover autolinks, nor
HTML contexts.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

# The ASCII punctuation that starts some Markdown, GFM, KaTeX, Streamlit directive, shortcode,
# autolink or HTML construct (commas, semicolons, question and percent marks start none).
_SPECIAL = frozenset("!\"#$&'()*+-./:<=>@[\\]^_`{|}~")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
# GFM turns bare addresses into links after parsing, on the decoded text (http://…, www.…,
# a@b.fr): an invisible word joiner after each « : » and « @ » and inside « www. » breaks them.
WORD_JOINER = "\u2060"
_JOIN = f"&#{ord(WORD_JOINER)};"
_WWW = re.compile(r"(www)(&#46;)", re.IGNORECASE)
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_LEADING_SPACES = re.compile(r"^[ \t]+", re.MULTILINE)


def plain(value: object, *, line_breaks: bool = True) -> str:
    """`value` as text that Markdown and HTML show literally.

    With `line_breaks`, each line break of the text stays a line break (a Markdown hard break);
    without, lines are joined by a space (for titles and labels, which hold one line)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    # Control and format characters (bidi overrides, zero-width joiners) could disguise a text.
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN)
    text = text.translate(_TABLE)
    text = text.replace("&#58;", "&#58;" + _JOIN).replace("&#64;", "&#64;" + _JOIN)
    text = _WWW.sub(lambda m: m.group(1) + _JOIN + m.group(2), text)
    # Leading spaces would make an indented code block: keep them as non-breaking spaces.
    text = _LEADING_SPACES.sub(lambda m: "&#160;" * len(m.group().expandtabs(4)), text)
    if not line_breaks:
        return " ".join(part.strip() for part in text.split("\n") if part.strip())
    lines = text.split("\n")
    # A blank line would start a new paragraph: fine; otherwise a hard break ("  " + newline).
    return "  \n".join(lines)


def shown(text: str) -> str:
    """What a reader sees of `plain`'s output (for tests): references decoded, joiners gone."""
    import html

    return html.unescape(text).replace(WORD_JOINER, "")


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for `st.table`, which renders Markdown in its cells and headers."""
    shown = frame.copy()
    shown.columns = [plain(c, line_breaks=False) for c in shown.columns]
    if shown.index.name is not None:
        shown.index = shown.index.map(lambda v: plain(v, line_breaks=False))
        shown.index.name = plain(frame.index.name, line_breaks=False)
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: plain(v) if isinstance(v, str) else v)
    return shown
