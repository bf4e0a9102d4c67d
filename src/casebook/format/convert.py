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
    hints = _hints(cls)
    plan = [
        (
            f.name,
            _value_codec(hints[f.name], _encoder, list, _identity),
            f.default is not attrs.NOTHING,
            f.default,
        )
        for f in attrs.fields(cls)
    ]

    def encode(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, encode_value, optional, default in plan:
            value = getattr(obj, name)
            if optional and (value is None or value == () or value is default is False):
                continue
            data[name] = encode_value(value)
        return data

    return encode
