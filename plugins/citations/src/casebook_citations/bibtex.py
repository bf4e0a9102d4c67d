r"""BibTeX: for LaTeX (BibTeX or biblatex and biber) and reference managers that read ``.bib``.

Every value is braced, and text is escaped so that it stays text: each character that BibTeX or
LaTeX gives a meaning is written as a command that prints it, and each character that TeX would
print as another one (a quote as a curly quote, two hyphens as a dash) is written so that it
prints as itself. BibTeX counts braces even when they are escaped, and a value whose braces do
not balance ends early or swallows the rest of the file; so a brace of the data that has its
partner is written ``\{`` or ``\}`` (which every reader, Pandoc's too, knows), and one that has
none is written with its missing partner between ``\iffalse`` and ``\fi``, which TeX and Pandoc
skip but BibTeX counts. The file is UTF-8.
"""

from __future__ import annotations

import re

from casebook_citations.kinds import types_of
from casebook_citations.records import Citation, one_line

#: What each special character is written as; braces are written by :func:`escape`.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "@": "{@}",
    # TeX prints ` and ' as curly quotes, and makes one character of `` '' !` ?` (“ ” ¡ ¿).
    # ` is a grave accent over nothing: pdfLaTeX and Pandoc print `, and biber keeps it (XeLaTeX
    # and LuaLaTeX print a lone combining accent). \textasciigrave prints ` in every engine,
    # but Pandoc drops it and biber turns it back into `, which LaTeX prints as a curly quote.
    "`": r"\`{}",
    # ' is the straight quote of LaTeX's text companion symbols: ' in every engine and in Pandoc
    # 3.7 on. Older Pandoc drops it, and no command prints ' both there and in LaTeX.
    "'": r"\textquotesingle{}",
}
#: Characters that TeX fonts join with the same character after them into another one: ``--``
#: and ``---`` into dashes, ``<<`` and ``>>`` into guillemets, ``,,`` into a low quote. An
#: italic correction ``\/`` between the two keeps them apart and prints nothing, in pdfTeX,
#: XeTeX and LuaTeX and in Pandoc; an empty group ``{}`` would not in LuaTeX.
LIGATURE_STARTS = "-<>,"
_SPECIAL = re.compile(
    "[" + re.escape("".join(ESCAPES)) + "{}]|([" + re.escape(LIGATURE_STARTS) + r"])(?=\1)"
)
#: A brace with its partner, and one without: the lone one is written with the other brace in
#: ``\iffalse ... \fi``, which TeX and Pandoc skip but BibTeX counts, so the braces balance
#: (``{}`` ends ``\fi`` before a letter).
PAIRED_BRACES = {"{": r"\{", "}": r"\}"}
LONE_BRACES = {"{": r"\{\iffalse\}\fi{}", "}": r"\iffalse\{\fi\}"}
# In a URL, the characters that BibTeX itself reads (braces) and the backslash, which a URL
# never holds unencoded (RFC 3986), are percent-encoded; the rest stays as written, since
# biblatex and the url package read the url field verbatim.
_URL_ESCAPES = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_URL_UNSAFE = re.compile(r"[{}\\]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def escape(text: str) -> str:
    """Return *text* on one line, escaped so that LaTeX prints each of its characters as itself."""
    line = one_line(text)
    paired = _paired_braces(line)

    def written(match: re.Match[str]) -> str:
        char = match.group()
        if match.group(1):
            return char + r"\/"
        if char in LONE_BRACES:
            return (PAIRED_BRACES if match.start() in paired else LONE_BRACES)[char]
        return ESCAPES[char]

    return _SPECIAL.sub(written, line)


def _paired_braces(text: str) -> set[int]:
    """Return the positions of the braces in *text* that pair up, as TeX pairs them."""
    paired: set[int] = set()
    opened: list[int] = []
    for position, char in enumerate(text):
        if char == "{":
            opened.append(position)
        elif char == "}" and opened:
            paired.update((opened.pop(), position))
    return paired


def escape_url(url: str) -> str:
    """Return *url* with braces and backslashes percent-encoded, which leaves its meaning."""
    return _URL_UNSAFE.sub(lambda m: _URL_ESCAPES[m.group()], url)


def entry(record: Citation) -> str:
    """Return the BibTeX entry of *record*; a field the source lacks is left out.

    Each author is braced whole (``{Sarah Mehta}``), so BibTeX does not split the name into
    given and family names: the data does not say which part is which, or whether it names a
    person or an organisation. ``year`` and ``month`` are BibTeX's date; ``date`` is the
    biblatex form, as precise as the source (``2016``, ``2016-06`` or ``2016-06-02``).
    """
    source = record.source
    types = types_of(source.kind)
    fields = [("title", "{" + escape(source.title) + "}")]
    if source.authors:
        names = " and ".join("{" + escape(name) + "}" for name in source.authors)
        fields.append(("author", "{" + names + "}"))
    if source.publisher is not None:
        # A technical report names its publisher as its institution.
        field = "institution" if types.bibtex == "techreport" else "publisher"
        fields.append((field, "{" + escape(source.publisher) + "}"))
    parts = record.date_parts
    if parts:
        fields.append(("year", f"{{{parts[0]:04d}}}"))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", "{" + source.date + "}"))
    if source.url is not None:
        fields.append(("url", "{" + escape_url(source.url) + "}"))
    if source.note is not None:
        fields.append(("note", "{" + escape(source.note) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{types.bibtex}{{{record.bibtex_key},\n{body}\n}}\n"


def render(records: list[Citation]) -> bytes:
    """Return the BibTeX entries of *records*, in their order, as UTF-8."""
    return "\n".join(entry(r) for r in records).encode("utf-8")
