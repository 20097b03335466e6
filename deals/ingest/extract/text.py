"""Text normalisation shared by the cleaner and the extractor.

News text mixes typographic quotes, non-breaking hyphens and spaces; every regex in
the extractor is written against the plain ASCII forms, so the text is folded once.
"""

from __future__ import annotations

import re

# Longest input the extractor looks at: a news article is a few thousand characters;
# anything far beyond that is a scrape gone wrong and must not cost unbounded time.
MAX_CHARS = 60_000

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def normalise(text: str) -> str:
    """Fold quotes, hyphens and odd spaces to ASCII and collapse runs of spaces per line."""
    text = within_limit(text).translate(_FOLD)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def within_limit(text: str) -> str:
    """At most MAX_CHARS of `text`, ending where a paragraph (failing that a line, a
    sentence, a word) ends: the extractor reads no further, and a cut mid-word would
    hand it a sentence that was never written."""
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS]
    for mark in ("\n\n", "\n", ". ", " "):
        cut = head.rfind(mark)
        if cut >= MAX_CHARS // 2:
            return head[: cut + len(mark)].rstrip()
    return head


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a long literal list."""
    return text.split()
