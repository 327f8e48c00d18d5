"""The key bar at the bottom: the keys that work where the focus is, drawn as one line.

Textual's Footer builds a widget per key and rebuilds them all whenever the focus moves,
which made every pane switch cost tens of milliseconds. This bar draws the same keys as a
single line of text, and a click on a key presses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget


class _Span(NamedTuple):
    start: int
    end: int
    key: str


def _signature(active: Mapping[str, ActiveBinding]) -> tuple[object, ...]:
    """What the bar shows of the active bindings: keys, actions, labels, enabled."""
    return tuple((key, binding.action, binding.description, enabled)
                 for key, (_node, binding, enabled, _tip) in active.items())


def in_declared_order(active: Mapping[str, ActiveBinding]) -> list[tuple[str, ActiveBinding]]:
    """The active bindings, each widget's in the order its class declares them.

    Textual puts a binding remapped by the user's ``[keys]`` after all the others; kept in
    its declared place, it stays as visible in the bar as it was on its default key.
    """
    nodes: dict[int, int] = {}
    declared: dict[int, dict[str | None, int]] = {}
    for _key, found in active.items():
        node = found.node
        if id(node) not in nodes:
            nodes[id(node)] = len(nodes)
            order: dict[str | None, int] = {}
            for klass in reversed(type(node).__mro__):
                for binding in klass.__dict__.get("BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        order.setdefault(binding.id, len(order))
            declared[id(node)] = order
    items = list(active.items())
    ranked = sorted(enumerate(items), key=lambda pair: (
        nodes[id(pair[1][1].node)],
        declared[id(pair[1][1].node)].get(pair[1][1].binding.id, len(items) + pair[0])))
    return [item for _, item in ranked]


class KeyBar(Widget):
    """One line of ``key description`` pairs for the active bindings, clickable."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[_Span] = []
        self._shown: tuple[object, ...] = ()

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change (focus moved, a pane was shown)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        # Textual announces a change twice per focus move (once more after the next
        # frame); redrawing only on a real change saves the frame the second would cost.
        if _signature(self.screen.active_bindings) != self._shown:
            self.refresh()

    def render(self) -> RenderResult:
        """The keys of the focused widget's chain, then the app's; help and palette pinned right.

        When the line is too narrow the middle keys give way, never help (``?``) and the
        palette, so every other key stays one press away.
        """
        active = self.screen.active_bindings
        self._shown = _signature(active)
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        pinned: list[tuple[str, str]] = []
        keys: list[tuple[str, str, str, bool]] = []
        seen_actions: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in in_declared_order(active):
            shown = self.app.get_key_display(binding)
            if key == self.app.COMMAND_PALETTE_BINDING:
                pinned.append((shown, "palette", binding.key))  # type: ignore[arg-type]
            elif binding.action == "help" and binding.show:
                pinned.insert(0, (shown, binding.description, binding.key))  # type: ignore[arg-type]
            elif binding.show and binding.action not in seen_actions:
                seen_actions.add(binding.action)
                keys.append((shown, binding.description, binding.key, enabled))
        right = Text(no_wrap=True, end="")
        right_spans: list[tuple[int, int, str]] = []
        for shown, description, key in pinned:  # type: ignore[misc]
            start = right.cell_len
            right.append(f" {shown} ", style=key_style)
            right.append(f"{description} ")
            right_spans.append((start, right.cell_len, key))
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[_Span] = []
        room = max(0, self.size.width - right.cell_len)
        for shown, description, key, enabled in keys:
            if text.cell_len + cell_len(f" {shown} {description} ") > room:
                break
            start = text.cell_len
            text.append(f" {shown} ", style=key_style)
            text.append(f"{description} ", style="" if enabled else "dim")
            spans.append(_Span(start, text.cell_len, key))
        offset = max(text.cell_len, room)
        text.append(" " * (offset - text.cell_len))
        spans += [_Span(offset + a, offset + b, key) for a, b, key in right_spans]
        text.append_text(right)
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked."""
        for span in self._spans:
            if span.start <= event.x < span.end:
                self.app.simulate_key(span.key.split(",")[0])
                return

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key"}
