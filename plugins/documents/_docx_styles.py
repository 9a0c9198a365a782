"""Whether Word shows a run struck through or hidden: by its own formatting, and by its styles.

What was observed: a policy whose commitment was in a run of a character style "Deleted", defined in
word/styles.xml as struck through, was read as a commitment; only the run's own `w:strike`, `w:dstrike`
and `w:vanish` were looked at. A run's look comes, in order, from the document's defaults
(`w:docDefaults`), its paragraph's style (`w:pStyle`, else the default paragraph style), its character
style (`w:rStyle`, else the default character style), each style with what it inherits (`w:basedOn`, the
derived style's own setting winning), and last from the run's own properties, which set it outright: a
run's `<w:strike w:val="0"/>` shows the text whatever its styles say.

`w:strike` and `w:vanish` are toggles in a style (ECMA-376 §17.7.3): set in the paragraph style and
again in the character style they switch back off, as Word shows it. `w:dstrike` is not a toggle: the
character style's setting wins over the paragraph style's.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UNSHOWN_RUNS", "RunStyles", "on"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: run properties that leave a run's text out of what the document states
UNSHOWN_RUNS = ("vanish", "strike", "dstrike")
_TOGGLES = frozenset({"vanish", "strike"})
_MAX_BASED_ON = 32  #: styles inherited through at most; a longer chain or a loop stops there

Props = dict[str, bool]


def on(toggle: Any) -> bool:
    """Whether a toggle property is present and not switched off (`<w:strike w:val="0"/>` is off)."""
    return toggle is not None and str(toggle.get(f"{_W}val", "true")).lower() not in ("0", "false", "off")


def _props(rpr: Any) -> Props:
    """The struck and hidden properties a `w:rPr` sets, on or off (those it leaves out are not keys)."""
    if rpr is None:
        return {}
    found = ((name, rpr.find(f"{_W}{name}")) for name in UNSHOWN_RUNS)
    return {name: on(element) for name, element in found if element is not None}


def _apply(state: Props, level: Props) -> Props:
    """A style's settings over the state so far: a toggle set on flips it, one set off leaves it."""
    for name, value in level.items():
        state[name] = state.get(name, False) != value if name in _TOGGLES else value
    return state


class RunStyles:
    """The struck and hidden settings of a document's styles (word/styles.xml, parsed), resolved once each."""

    def __init__(self, root: Any = None) -> None:
        self._own: dict[str, tuple[str | None, Props]] = {}  #: style id: (the style it is based on, its settings)
        self._defaults: Props = {}
        self._default_style: dict[str, str] = {}  #: "paragraph" | "character": the default style's id
        self._resolved: dict[str, Props] = {}
        if root is not None:
            self._defaults = _props(root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
            for style in root.iter(f"{_W}style"):
                self._read(style)
        #: no style and no default strikes or hides anything (most documents): a run's own formatting decides
        self.plain = not self._defaults and not any(props for _based, props in self._own.values())

    def _read(self, style: Any) -> None:
        sid = style.get(f"{_W}styleId")
        if not sid:
            return
        based = style.find(f"{_W}basedOn")
        self._own[sid] = (based.get(f"{_W}val") if based is not None else None, _props(style.find(f"{_W}rPr")))
        kind = style.get(f"{_W}type", "paragraph")
        if kind in ("paragraph", "character") and str(style.get(f"{_W}default")).lower() in ("1", "true", "on"):
            self._default_style.setdefault(kind, sid)

    def _style(self, sid: str | None) -> Props:
        """A style's settings with those it inherits, a derived style's own setting winning."""
        if not sid:
            return {}
        resolved = self._resolved.get(sid)
        if resolved is None:
            chain: list[Props] = []
            current: str | None = sid
            while current in self._own and len(chain) < _MAX_BASED_ON:
                based, props = self._own[current]
                chain.append(props)
                current = based
            resolved = self._resolved[sid] = {}
            for props in reversed(chain):
                resolved.update(props)
        return resolved

    def paragraph(self, para: Any) -> Props:
        """What a paragraph's runs start from: the document's defaults, then its paragraph style."""
        if self.plain:
            return {}
        style = para.find(f"{_W}pPr/{_W}pStyle")
        sid = style.get(f"{_W}val") if style is not None else self._default_style.get("paragraph")
        return _apply(dict(self._defaults), self._style(sid))

    def unshown(self, start: Props, run: Any) -> bool:
        """Whether the run's text is struck through or hidden, from its paragraph's `start` (see
        :meth:`paragraph`), its character style and its own properties."""
        rpr = run.find(f"{_W}rPr")
        if self.plain:
            return rpr is not None and any(_props(rpr).values())
        style = rpr.find(f"{_W}rStyle") if rpr is not None else None
        sid = style.get(f"{_W}val") if style is not None else self._default_style.get("character")
        state = _apply(dict(start), self._style(sid))
        state.update(_props(rpr))  # the run's own formatting sets each property outright
        return any(state.values())
