"""Untrusted text on its way out: to a terminal (`printable`) or into a link (`safe_url`).

Catalogs, rosters, imported logs and file names are data written by someone else. Before
any of it is echoed, `printable()` turns control and escape characters into visible
`\\x1b`-style escapes, so a name cannot clear the screen, set the title or write the
clipboard (OSC 52). `safe_url()` is the one test of what may become a link: an absolute
http(s) URL with a host and no whitespace or control characters. The catalog loader
refuses anything else, and every renderer (Markdown, HTML, PDF, ICS) links only what it
passes. Kernel-level and stdlib-only, so the CLI, the renderers and the log can share them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# C0 and C1 controls and DEL; plus the Unicode format characters that reorder or hide
# text (bidi overrides and isolates, zero-width joiners are kept: emoji need them).
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_URL = re.compile(r"(?i)https?://[^\s/?#@\\]+(?:[/?#][^\s\\]*)?")


def control_char(text: str, *, multiline: bool = False) -> str | None:
    """The first control or escape character in `text` as `U+001B`, or None.

    With `multiline`, a newline is allowed (notes, cues); a tab or ESC never is.
    """
    found = (_UNSAFE_MULTILINE if multiline else _UNSAFE).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def one_line_name(raw: str) -> tuple[str, str | None]:
    """An athlete's name on one line (line breaks and tabs folded to spaces, as `--name`
    and a roster's name column both read it) and the first control character left in it
    (`control_char`), or None."""
    folded = " ".join(raw.split())
    return folded, control_char(folded)


def printable(text: object, *, multiline: bool = False) -> str:
    """`text` safe to print: every control/escape character shown as `\\x1b` or `\\u202e`.

    Everything else, accents and emoji included, is left as it is. A newline is kept only
    with `multiline`; otherwise it shows as `\\n`, so a message stays on one line.
    """
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE
    return pattern.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(
        code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    )


def one_line(text: object) -> str:
    """A message on one printable line: line breaks (and runs of spaces) folded to one space."""
    return printable(" ".join(str(text).split()))


def safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) link with a host, else None.

    Whole-string match, no leading space, tab or newline (`java\\tscript:` and
    `" javascript:"` are refused, not cleaned), no backslash (UNC paths), no user@ part.
    """
    if not url or len(url) > 2000 or not url.isascii():
        return None
    if _URL.fullmatch(url) is None:
        return None
    return url


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a link (for the catalog check), or None when it can."""
    if safe_url(url) is not None:
        return None
    bad = control_char(url)
    if bad is not None:
        return f"contains the control character {bad}; give a plain http(s) link"
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = f"{scheme!r}" if scheme else "no"
        return f"has {shown} scheme; only http:// and https:// links are allowed"
    if not url.isascii():
        return "has characters outside ASCII; percent-encode them (%C3%A9)"
    return "is not a plain http(s) link with a host (no spaces, backslashes or user@)"


def is_ascii_digits(text: str) -> bool:
    """True for `0`–`9` only: `str.isdigit()` is also true for `²`, `①` and `٣`."""
    return text.isascii() and text.isdigit()


__all__ = [
    "control_char",
    "is_ascii_digits",
    "one_line",
    "printable",
    "safe_url",
    "url_problem",
]


# "Did you mean …?" for every unknown name (exercise ids, equipment, columns, fields,
# subcommands): one rule, so a typo gets the same kind of answer wherever it is made.
CLOSE = 0.6  # difflib similarity from which a word counts as a typo of a name
NEAR_BEST = 0.1  # other names are offered only this close to the best match


def close_words(word: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names `word` is plausibly a typo of: similar enough (difflib's 0.6), and nearly
    as similar as the best one, so `trapbar-deadlift` gets trap-bar-deadlift alone and
    `foo` gets nothing (not `pogos`). A word of four letters or more that starts a name,
    hyphens aside, is offered first: `trapbar` is short for trap-bar-deadlift, however
    unlike the two look to difflib.

    >>> close_words("trapbar-deadlift", ["trap-bar-deadlift", "romanian-deadlift"])
    ['trap-bar-deadlift']
    >>> close_words("foo", ["pogos", "short-foot"])
    []
    >>> close_words("trapbar", ["trap-bar-deadlift", "trap-bar-jump", "romanian-deadlift"])
    ['trap-bar-jump', 'trap-bar-deadlift']
    """
    scored = sorted(
        ((difflib.SequenceMatcher(None, word, name).ratio(), name) for name in names),
        key=lambda pair: -pair[0],
    )
    best = scored[0][0] if scored else 0.0
    bare = _bare(word)
    started = [name for _, name in scored if len(bare) >= 4 and _bare(name).startswith(bare)]
    alike = [name for ratio, name in scored if ratio >= max(CLOSE, best - NEAR_BEST)]
    return list(dict.fromkeys([*started, *alike]))[:most]


def _bare(text: str) -> str:
    return text.lower().replace("-", "").replace("_", "").replace(" ", "")


def span(low: int, high: int) -> str:
    """A range as said: `8–12`, or `6` when both ends are one number (never `6–6`).

    >>> span(8, 12), span(6, 6)
    ('8–12', '6')
    """
    return str(low) if low == high else f"{low}–{high}"


def noun(count: int, word: str) -> str:
    """`1 plan`, `2 plans`: a count with its noun, plural by -s."""
    return f"{count} {word}{'' if count == 1 else 's'}"
