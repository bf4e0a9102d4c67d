"""Make untrusted text safe to place in XML (the SVG pictures): it stays text.

XML cannot carry every character at all, so :func:`xml_text` first replaces what it cannot;
:func:`escape_xml` and :func:`xml_attribute` then write element content and attribute values
that parse back to that text.
"""

from __future__ import annotations

import re

# Characters an XML document cannot hold (C0 controls but tab, line feed and carriage return;
# surrogates; U+FFFE and U+FFFF) or that XML 1.0 tells documents to avoid (DEL, the C1
# controls, the non-characters U+FDD0 to U+FDEF and the last two code points of every plane).
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)

# Written here rather than taken from xml.sax.saxutils, whose import pulls in urllib.request,
# http.client and the e-mail parser: a third of the command's start-up for two small tables.
_XML_CHARACTER_DATA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
#: In an attribute, a parser would also fold line breaks and tabs into spaces.
_XML_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)


def xml_text(text: str) -> str:
    """Return *text* with every character XML cannot carry, or should not, replaced by U+FFFD.

    A NUL, another control character, a lone surrogate or a non-character would make the document
    ill-formed (or one that a strict reader refuses), so the picture would not show at all; the
    replacement character keeps a visible mark of where one was.
    """
    return _NOT_XML.sub("\ufffd", text)


def escape_xml(text: str) -> str:
    """Return *text* as XML character data (element content) that parses back to :func:`xml_text`.

    ``&``, ``<`` and ``>`` become entities, and so does a carriage return, which an XML parser
    would otherwise turn into a line feed.
    """
    return xml_text(text).translate(_XML_CHARACTER_DATA)


def xml_attribute(text: str) -> str:
    """Return *text* as a quoted XML attribute value that parses back to :func:`xml_text`."""
    return '"' + xml_text(text).translate(_XML_ATTRIBUTE) + '"'
