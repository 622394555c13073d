"""Record classes: the part of `dataclasses` edgarliq uses, without importing `dataclasses`.

Why (issue 15, start-up): `import dataclasses` imports inspect, ast, dis and tokenize (about
10 ms), and each `@dataclass(frozen=True, slots=True)` builds its six methods with six `exec`
calls and some introspection (about 0.9 ms a class). The 20 record classes one filing's
analysis needs cost about 28 ms of a 150 ms `edgarliq analyze --sample --json`. `record`
writes the same methods as one source text per class, compiled once per Python build: the code
is kept next to the .pyc files (edgarliq.bytecache), so a later process only reads it back.

What a record gets is what `@dataclass` gives for the same options (eq is always on):
- `__init__(self, <fields in order>)`, a default per field from the class body, or
  `field(default=...)` / `field(default_factory=...)`;
- `__repr__` `Name(a=1, b='x')` unless `repr=False` or the class defines its own;
- `__eq__` comparing the fields as a tuple, only with an instance of the very same class;
- frozen: assignment and deletion raise `FrozenInstanceError`, `__hash__` hashes the fields;
  not frozen: `__hash__ = None` (unhashable), unless the class defines its own;
- slots: the class is re-created with `__slots__` (frozen ones pickle through
  `__getstate__`/`__setstate__`, as dataclasses does);
- `__match_args__`, and `__record_fields__` (the field names, in order), which `replace` reads.
Not supported, because no record uses them: `ClassVar`/`InitVar` fields, `__post_init__`,
ordering, keyword-only fields, per-field `repr`/`compare`. Defining them raises, rather than
being silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable

from edgarliq.bytecache import Kept

__all__ = ["FrozenInstanceError", "field", "record", "replace"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

_CODE = Kept("record")  # (source, file name) -> the compiled code of the methods' factory


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record (as `dataclasses.FrozenInstanceError`)."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """A field's default, as `field()` declares it in a class body."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: Any, default_factory: Any) -> None:
        self.default = default
        self.default_factory = default_factory


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING) -> Any:
    """A field with a default value or a factory called once per instance (as dataclasses.field)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory)


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record `obj` with some fields changed (as dataclasses.replace)."""
    for name in obj.__record_fields__:  # type: ignore[attr-defined]
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)


def _fields(cls: type) -> list[tuple[str, Any]]:
    """(name, default or Field or MISSING) per field, base records' fields first."""
    fields: dict[str, Any] = {}
    for base in reversed(cls.__mro__[1:]):
        for name in base.__dict__.get("__record_fields__", ()):
            fields[name] = base.__record_defaults__.get(name, MISSING)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if text.startswith(("ClassVar", "typing.ClassVar", "InitVar", "dataclasses.InitVar")):
            raise TypeError(f"{cls.__qualname__}.{name}: record does not support ClassVar/InitVar fields")
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, (list, dict, set)):
            raise ValueError(f"{cls.__qualname__}.{name}: mutable default {type(default).__name__}; "
                             "use field(default_factory=...)")
        fields[name] = default  # (a field declared again keeps its place, as in dataclasses)
    return list(fields.items())


def _source(cls: type, fields: list[tuple[str, Any]], *, frozen: bool, repr: bool,
            slots: bool) -> tuple[str, dict[str, Any]]:
    """The text of a function returning the class's methods, and the names it closes over."""
    names = [n for n, _ in fields]
    own = cls.__dict__
    env: dict[str, Any] = {"_setattr": object.__setattr__, "FrozenInstanceError": FrozenInstanceError,
                           "MISSING": MISSING}
    params, body = [], []
    seen_default = False
    for name, default in fields:
        if isinstance(default, Field) and default.default_factory is not MISSING:
            env[f"_factory_{name}"] = default.default_factory
            params.append(f"{name}=MISSING")
            value = f"_factory_{name}() if {name} is MISSING else {name}"
            seen_default = True
        elif default is not MISSING:
            env[f"_default_{name}"] = default.default if isinstance(default, Field) else default
            params.append(f"{name}=_default_{name}")
            value = name
            seen_default = True
        else:
            if seen_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            params.append(name)
            value = name
        body.append(f"  _setattr(self, {name!r}, {value})" if frozen else f"  self.{name} = {value}")
    lines = ["def __create_methods__(cls):", " methods = {}"]
    if "__init__" not in own:
        lines += [f" def __init__(self, {', '.join(params)}):" if params else " def __init__(self):",
                  *(f" {b}" for b in body or ["  pass"]), " methods['__init__'] = __init__"]
    values = "".join(f"self.{n}," for n in names)
    if repr and "__repr__" not in own:
        shown = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
        lines += [" def __repr__(self):", f"  return f'{{self.__class__.__qualname__}}({shown})'",
                  " methods['__repr__'] = __repr__"]
    if "__eq__" not in own:
        others = "".join(f"other.{n}," for n in names)
        lines += [" def __eq__(self, other):", "  if other.__class__ is self.__class__:",
                  f"   return ({values}) == ({others})", "  return NotImplemented",
                  " methods['__eq__'] = __eq__"]
    explicit_hash = own.get("__hash__", MISSING) is not MISSING and not (
        own.get("__hash__") is None and "__eq__" in own)
    if not explicit_hash:
        if frozen:
            lines += [" def __hash__(self):", f"  return hash(({values}))", " methods['__hash__'] = __hash__"]
        else:
            lines += [" methods['__hash__'] = None"]
    if frozen:
        fieldset = "(" + "".join(f"{n!r}," for n in names) + ")"
        lines += [" def __setattr__(self, name, value):",
                  f"  if type(self) is cls or name in {fieldset}:",
                  "   raise FrozenInstanceError(f'cannot assign to field {name!r}')",
                  "  super(cls, self).__setattr__(name, value)",
                  " def __delattr__(self, name):",
                  f"  if type(self) is cls or name in {fieldset}:",
                  "   raise FrozenInstanceError(f'cannot delete field {name!r}')",
                  "  super(cls, self).__delattr__(name)",
                  " methods['__setattr__'] = __setattr__", " methods['__delattr__'] = __delattr__"]
        if slots:
            sets = "".join(f"\n  _setattr(self, {n!r}, state[{i}])" for i, n in enumerate(names))
            lines += [" def __getstate__(self):", f"  return ({values})",
                      " def __setstate__(self, state):" + (sets or "\n  pass"),
                      " methods['__getstate__'] = __getstate__", " methods['__setstate__'] = __setstate__"]
    lines.append(" return methods")
    return "\n".join(lines) + "\n", env


def _make(cls: type, *, frozen: bool, slots: bool, repr: bool) -> type:
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: record does not run __post_init__")
    fields = _fields(cls)
    names = tuple(n for n, _ in fields)
    own_names = [n for n in cls.__dict__.get("__annotations__", {})]
    if slots:
        if "__slots__" in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} already specifies __slots__")
        namespace = {k: v for k, v in cls.__dict__.items() if k not in own_names and k not in
                     ("__dict__", "__weakref__")}
        inherited = {s for base in cls.__mro__[1:] for s in base.__dict__.get("__slots__", ())}
        namespace["__slots__"] = tuple(n for n in names if n not in inherited)
        cls = type(cls)(cls.__name__, cls.__bases__, namespace)
    else:
        for name, default in fields:  # a field() in the class body is not a class attribute
            if isinstance(default, Field) and name in cls.__dict__:
                if default.default is MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, default.default)
    source, env = _source(cls, fields, frozen=frozen, repr=repr, slots=slots)
    key = (source, f"<record {cls.__module__}.{cls.__qualname__}>")
    code = _CODE.get(key)
    if code is None:
        code = compile(source, key[1], "exec")
        _CODE.put(key, code)
    exec(code, env)  # noqa: S102 - the package's own generated source
    for name, method in env["__create_methods__"](cls).items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            method.__module__ = cls.__module__
        setattr(cls, name, method)
    cls.__record_fields__ = names
    cls.__record_defaults__ = {n: d for n, d in fields if d is not MISSING}
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = names
    return cls


def record(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False,
           repr: bool = True) -> Any:
    """Class decorator: `@record` or `@record(frozen=True, slots=True, repr=False)`."""
    def wrap(c: type[T]) -> type[T]:
        return _make(c, frozen=frozen, slots=slots, repr=repr)  # type: ignore[return-value]

    return wrap if cls is None else wrap(cls)
