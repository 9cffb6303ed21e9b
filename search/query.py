"""Turning what a visitor typed into a search the database can always run.

Visitors type anything: quotes, operators, SQL, emoji, right-to-left text.
Only words and balanced "quoted phrases" are kept, lower-cased so that words
like AND or NEAR are never read as operators by SQLite's full-text engine.
"""

import re
import unicodedata
from urllib.parse import unquote

from wagtail.search.query import And, Phrase, PlainText

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]+)"')

# Words taken from a missing page's address (see words_from_path).
MAX_PATH_WORDS = 8
MAX_PATH_WORD_LENGTH = 30
LETTERS_AND_DIGITS = re.compile(r"[^\W_]+", re.UNICODE)
# The old site's address patterns (/about-us/, /lahp-blog/, /news-and-events/)
# and the furniture of web addresses say nothing about what a visitor wanted.
ADDRESS_WORDS = frozenset(
    "about us lahp blog news events html htm php aspx index www page".split()  # noqa: SIM905
)
# The old site's projects are this site's programmes (in the plural, as the
# site names its section: SQLite's full-text search does not stem words).
SYNONYMS = {"project": ("programmes",), "projects": ("programmes",)}
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself
    yourselves ll re ve
    """.split()  # noqa: SIM905 (a list of words reads best as text)
)


def clean_query(raw: str) -> str:
    """The visitor's query as shown back to them: trimmed, single-spaced, not too long.

    Control characters go too: PostgreSQL refuses text containing a NUL byte.
    """
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char for char in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def words_from_path(path: str) -> list[str]:
    """The words of a web address that say what a visitor was looking for.

    "/lahp-blog/personalised-medicine-update/" gives ["personalised", "medicine",
    "update"]. Any text gives a short list, perhaps empty, of lower-case words
    made of letters and digits only, so the result is always safe to search for.
    """
    words = []
    for found in LETTERS_AND_DIGITS.findall(unquote(path or "", errors="replace").lower()):
        for word in SYNONYMS.get(found, (found,)):
            if (
                len(word) < 2
                or len(word) > MAX_PATH_WORD_LENGTH
                or word.isdigit()
                or word in ADDRESS_WORDS
                or word in STOP_WORDS
                or word in words
            ):
                continue
            words.append(word)
            if len(words) == MAX_PATH_WORDS:
                return words
    return words


def build_query(text: str, any_word: bool = False):
    """A search query object for `text`, or None if it has no words to search for.

    Pages must have every word, unless `any_word` is set: then pages with any
    of them match, the ones with most ranked first.
    """
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
        parts.append(PlainText(" ".join(words), operator="or" if any_word else "and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)
