"""Turning what a visitor typed into a search the database can always run.

Visitors type anything: quotes, operators, SQL, emoji, right-to-left text.
Only words and balanced "quoted phrases" are kept, lower-cased so that words
like AND or NEAR are never read as operators by SQLite's full-text engine.
"""

import re
import unicodedata

from wagtail.search.query import And, Phrase, PlainText

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]+)"')


def clean_query(raw: str) -> str:
    """The visitor's query as shown back to them: trimmed, single-spaced, not too long.

    Control characters go too: PostgreSQL refuses text containing a NUL byte.
    """
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char for char in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def build_query(text: str):
    """A search query object for `text`, or None if it has no words to search for."""
    parts = []
    phrases = PHRASE.findall(text) if text.count('"') % 2 == 0 else []
    remainder = PHRASE.sub(" ", text) if phrases else text
    for phrase in phrases:
        words = WORD.findall(phrase.lower())
        if len(words) > 1:
            parts.append(Phrase(" ".join(words)))
        elif words:
            parts.append(PlainText(words[0]))
    words = WORD.findall(remainder.lower())
    if words:
        parts.append(PlainText(" ".join(words), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)
