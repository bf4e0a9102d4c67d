"""The inline content of the page model and its paragraph, :class:`Para`.

A page holds a hundred or more paragraphs (every table cell is one) and dozens of markers, area
references and addresses, so these are tuples underneath, each made by the tuple's own
constructor, several times quicker than a generated ``__init__``. Each is immutable and equal
only to one of its own class with equal contents, as the page model's other classes are.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeAlias


class _Record(tuple[Any, ...]):
    """An immutable record that is a tuple of its fields, named by :attr:`fields`."""

    __slots__ = ()
    fields: ClassVar[tuple[str, ...]] = ()

    def __eq__(self, other: object) -> bool:
        """Return whether *other* is of the same class, with equal contents."""
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        """Return whether *other* is anything but an equal record of the same class."""
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        """Return the record as the call that makes it."""
        named = ", ".join(
            f"{name}={value!r}" for name, value in zip(self.fields, self, strict=True)
        )
        return f"{type(self).__name__}({named})"


class Cite(_Record):
    """Reference markers: the sources *ids*, shown by their *numbers* in the page's list."""

    __slots__ = ()
    fields = ("ids", "numbers")

    def __new__(cls, ids: tuple[str, ...], numbers: tuple[int, ...]) -> Self:
        """Make the markers of the sources *ids*, numbered *numbers*."""
        return tuple.__new__(cls, (ids, numbers))

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the sources cited, in the order given."""
        return self[0]  # type: ignore[no-any-return]

    @property
    def numbers(self) -> tuple[int, ...]:
        """The number of each source in the page's references, in the order of :attr:`ids`."""
        return self[1]  # type: ignore[no-any-return]

    def text(self) -> str:
        """Return the markers as plain text, ``[1, 3]``."""
        return "[" + ", ".join(map(str, self.numbers)) + "]"


class AreaRef(_Record):
    """A framework area, ``FRAMEWORK/AREA``: shown by its *title*, a link where possible.

    The title is the area's own, from its framework; where no installed framework has the
    area, it is the reference itself, so nothing is hidden.
    """

    __slots__ = ()
    fields = ("ref", "title")

    def __new__(cls, ref: str, title: str) -> Self:
        """Make the reference to the area *ref*, titled *title*."""
        return tuple.__new__(cls, (ref, title))

    @property
    def ref(self) -> str:
        """The area, ``FRAMEWORK/AREA``."""
        return self[0]  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        """The area's title, or the reference where no framework has the area."""
        return self[1]  # type: ignore[no-any-return]


class Url(_Record):
    """A web address, a link where the output can make one."""

    __slots__ = ()
    fields = ("url",)

    def __new__(cls, url: str) -> Self:
        """Make the address *url*."""
        return tuple.__new__(cls, (url,))

    @property
    def url(self) -> str:
        """The address."""
        return self[0]  # type: ignore[no-any-return]


Inline: TypeAlias = str | Cite | AreaRef | Url


class Para(_Record):
    """A paragraph, ``Para(parts)``: text and inline parts, on one line; a tuple of the parts.

    Reference markers follow their text after a space, which :attr:`spaced` puts in.
    """

    __slots__ = ()

    @property
    def parts(self) -> tuple[Inline, ...]:
        """The text and inline parts, in order, as a plain tuple."""
        return tuple(self)

    def __repr__(self) -> str:
        """Return the paragraph as the call that makes it."""
        return f"Para(parts={tuple(self)!r})"

    @property
    def spaced(self) -> tuple[Inline, ...]:
        """Return the parts with a space before each marker that follows other content."""
        out: list[Inline] = []
        for part in self:
            if isinstance(part, str) and not part:
                continue
            if isinstance(part, Cite) and out:
                out.append(" ")
            out.append(part)
        return tuple(out)

    def text(self) -> str:
        """Return the paragraph as plain text, markers as ``[1]``."""
        return "".join(_plain(part) for part in self.spaced)


def _plain(part: Inline) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Cite):
        return part.text()
    if isinstance(part, AreaRef):
        return part.title
    return part.url
