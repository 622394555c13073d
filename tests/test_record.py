"""edgarliq.record against dataclasses: the same class body under both decorators behaves the same
(construction, defaults, repr, equality, hashing, frozenness, slots, pickling, replace), and
every record class of the package is built by `record`, not by dataclasses."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import pkgutil
import subprocess
import sys

import pytest

import edgarliq
from edgarliq.record import FrozenInstanceError, field, record, replace

OPTIONS = [{}, {"slots": True}, {"frozen": True}, {"frozen": True, "slots": True},
           {"frozen": True, "slots": True, "repr": False}]


def _pair(options: dict, body: str) -> tuple[type, type]:
    """The class `body` built by dataclasses and by record, with the same options."""
    out = []
    for kind, deco, fld in (("dc", dataclasses.dataclass, dataclasses.field), ("rc", record, field)):
        name = f"Point_{kind}_{'_'.join(options) or 'plain'}"  # (a module-level name: pickle finds it)
        ns: dict = {"field": fld, "__name__": __name__}
        exec(f"class {name}:\n{body}", ns)  # noqa: S102 - a test building two copies of one class
        globals()[name] = made = deco(**options)(ns[name])
        out.append(made)
    return out[0], out[1]


BODY = """
    '''A point.'''
    x: int
    y: float = 2.5
    tags: list = field(default_factory=list)
    name: str = field(default="p")

    def norm(self) -> float:
        return abs(self.x) + abs(self.y)
"""


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_record_behaves_as_the_dataclass_of_the_same_body(options: dict) -> None:
    dc, rc = _pair(options, BODY)
    for args, kwargs in (((1,), {}), ((1, 3.0), {"name": "q"}), ((), {"x": -4, "tags": [1]})):
        a, b = dc(*args, **kwargs), rc(*args, **kwargs)
        names = ("x", "y", "tags", "name")
        assert [getattr(a, f) for f in names] == [getattr(b, f) for f in names]
        if options.get("repr", True):
            assert repr(a).replace("_dc_", "_rc_") == repr(b) == f"{rc.__qualname__}({b.x!r}, ...)".replace(
                ", ...", f", y={b.y!r}, tags={b.tags!r}, name={b.name!r}").replace("(", "(x=", 1)
        else:
            assert repr(b).startswith(f"<{__name__}.{rc.__qualname__} object at ")
        assert b == rc(*args, **kwargs) and b != a and (b == a) is False  # equal only within its own class
        assert b.norm() == a.norm()
        assert pickle.loads(pickle.dumps(b)) == b
        c = replace(b, y=9.0)
        assert c.y == 9.0 and c.x == b.x and c is not b and b.y != 9.0
        assert c == rc(**{**{f: getattr(b, f) for f in ("x", "tags", "name")}, "y": 9.0})
    assert rc(1).tags is not rc(1).tags  # a fresh list per instance
    assert rc.__match_args__ == dc.__match_args__ == ("x", "y", "tags", "name")
    assert rc.__doc__ == "A point." and rc.__init__.__qualname__ == f"{rc.__name__}.__init__"
    assert hasattr(rc, "__slots__") == hasattr(dc, "__slots__")
    if options.get("slots"):
        assert rc.__slots__ == dc.__slots__ and not hasattr(rc(1), "__dict__")
    b = rc(1)
    if options.get("frozen"):
        assert hash(rc(1, tags=())) == hash(dc(1, tags=())) == hash((1, 2.5, (), "p"))
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'x'"):
            b.x = 2
        with pytest.raises(AttributeError):
            del b.y
    else:
        assert rc.__hash__ is None and dc.__hash__ is None
        b.x = 7
        assert b.x == 7


def test_a_record_inheriting_a_record_has_the_dataclass_field_order() -> None:
    made = []
    for deco in (dataclasses.dataclass(frozen=True), record(frozen=True)):
        base = deco(type("Base", (), {"__annotations__": {"a": "int", "b": "int"}, "b": 2}))
        made.append(deco(type("Sub", (base,), {"__annotations__": {"c": "int", "a": "int"}, "a": 1, "c": 3})))
    dc, rc = made
    assert rc.__match_args__ == dc.__match_args__ == ("a", "b", "c")  # a declared again keeps its place
    assert repr(rc()) == repr(dc()) == "Sub(a=1, b=2, c=3)" and rc(5, 6, 7).c == 7


def test_a_class_s_own_methods_are_kept_and_bad_bodies_are_refused() -> None:
    @record(frozen=True, slots=True, repr=False)
    class Own:
        a: int

        def __repr__(self) -> str:
            return f"<Own {self.a}>"

    assert repr(Own(3)) == "<Own 3>"

    @record(frozen=True)
    class Empty:
        pass

    assert Empty() == Empty() and hash(Empty()) == hash(())
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        record(type("Bad", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 1}))
    with pytest.raises(ValueError, match="mutable default list"):
        record(type("Bad", (), {"__annotations__": {"a": "list"}, "a": []}))
    with pytest.raises(TypeError, match="ClassVar"):
        record(type("Bad", (), {"__annotations__": {"a": "ClassVar[int]"}}))
    with pytest.raises(TypeError, match="__post_init__"):
        record(type("Bad", (), {"__annotations__": {"a": "int"}, "__post_init__": lambda self: None}))
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        Own()


def test_no_class_of_the_package_is_a_dataclass_and_the_package_never_imports_dataclasses() -> None:
    records = []
    for info in pkgutil.walk_packages(edgarliq.__path__, "edgarliq."):
        if info.name.endswith(".dask_engine"):
            continue  # (needs dask; its classes are checked by its own tests)
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                assert not dataclasses.is_dataclass(obj), obj
                if "__record_fields__" in obj.__dict__:
                    records.append(obj)
    assert len(records) >= 50  # (the Filing, Statement, Row, Check, Metric, ... record classes)
    code = ("import sys\nfrom edgarliq.pipeline import analyze\nfrom edgarliq.cli import SAMPLE\n"
            "analyze(SAMPLE)\nprint('dataclasses' in sys.modules, 'orjson' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["False", "False"]
