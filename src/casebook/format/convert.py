"""Convert between model objects and plain JSON data, losslessly.

``to_data`` turns a model object into the dicts, lists, strings and numbers that the JSON
Schema describes; ``from_data`` turns such data back into model objects. Optional fields left at
their default (``None``, an empty tuple or ``False``) are omitted, because the format says an
absent field means "the sources are silent". The conversion plan of each class is worked out
once from its attrs fields and type hints, so loading thousands of case studies costs little
beyond building the objects.

``from_data`` expects data that has passed the schema (see :mod:`casebook.format.validation`); given
anything else it raises :class:`TypeError` or :class:`KeyError` rather than guess.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from casebook import model

T = TypeVar("T")
_Convert = Callable[[Any], Any]


def to_data(obj: Any) -> dict[str, Any]:
    """Return *obj* as JSON data: dicts, lists, strings and numbers."""
    return typing.cast("dict[str, Any]", _encoder(obj.__class__)(obj))


def from_data(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build an instance of the attrs class *cls* from schema-valid JSON data."""
    return typing.cast("T", _decoder(typing.cast("type", cls))(data))


def _identity(value: Any) -> Any:
    return value


def _split_optional(hint: Any) -> tuple[Any, bool]:
    """Return ``(inner, True)`` for ``X | None`` and ``(hint, False)`` otherwise."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _value_codec(
    hint: Any, of_class: Callable[[type], _Convert], sequence: _Convert, number: _Convert
) -> _Convert:
    """Return what converts a value of type *hint* one way.

    :param of_class: the converter of an attrs class (:func:`_decoder` or :func:`_encoder`).
    :param sequence: what a tuple field becomes (``tuple`` in objects, ``list`` in data).
    :param number: what a ``float`` field's value goes through (JSON may spell ``2`` for 2.0).
    """
    hint, _ = _split_optional(hint)
    if attrs.has(hint):
        return of_class(hint)
    if typing.get_origin(hint) is tuple:
        item = _value_codec(typing.get_args(hint)[0], of_class, sequence, number)
        if item is _identity:
            return sequence
        return lambda values: sequence(map(item, values))
    return number if hint is float else _identity


@functools.cache
def _decoder(cls: type) -> _Convert:
    hints = _hints(cls)
    fields = {
        f.name: _value_codec(hints[f.name], _decoder, tuple, float) for f in attrs.fields(cls)
    }

    def decode(data: Mapping[str, Any]) -> Any:
        if not isinstance(data, Mapping):
            msg = f"{cls.__name__} data must be an object, not {type(data).__name__}"
            raise TypeError(msg)
        kwargs = {}
        for key, value in data.items():
            if value is None:
                continue
            kwargs[key] = fields[key](value)
        return cls(**kwargs)

    return decode


@functools.cache
def _encoder(cls: type) -> _Convert:
    """Return the function that turns an instance of the attrs class *cls* into JSON data.

    It is written as Python source, a statement per field, and compiled, as attrs writes each
    class's ``__init__``: a loop over a plan of the fields, with a call per field, took twice
    as long, and turning the objects into data was most of the time of a json export.
    """
    hints = _hints(cls)
    namespace: dict[str, Any] = {}
    lines = ["def encode(obj):", "    data = {}"]
    for field in attrs.fields(cls):
        name = field.name
        encoded = _encoding(hints[name], f"encode_{name}", namespace)
        lines.append(f"    value = obj.{name}")
        if field.default is attrs.NOTHING:
            lines.append(f"    data[{name!r}] = {encoded}")
            continue
        # An optional field at its default is absent: the sources are silent on it.
        omitted = "value is None or value == ()"
        if field.default is False:
            omitted += " or value is False"
        lines += [f"    if not ({omitted}):", f"        data[{name!r}] = {encoded}"]
    lines.append("    return data")
    code = compile("\n".join(lines), f"<casebook.format.convert: {cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - the source is built above from the class's fields
    return typing.cast("_Convert", namespace["encode"])


def _encoding(hint: Any, helper: str, namespace: dict[str, Any]) -> str:
    """Return the expression that encodes ``value``, of type *hint*, in an encoder's source.

    What the expression calls is put in *namespace* under the name *helper*.
    """
    hint, _ = _split_optional(hint)
    if typing.get_origin(hint) is tuple:
        item, _ = _split_optional(typing.get_args(hint)[0])
        if attrs.has(item):
            namespace[helper] = _encoder(item)
            return f"[{helper}(item) for item in value]"
    codec = _value_codec(hint, _encoder, list, _identity)
    if codec is _identity:
        return "value"
    namespace[helper] = codec
    return f"{helper}(value)"
