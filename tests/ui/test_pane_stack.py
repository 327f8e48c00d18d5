"""PaneStack on its own: a child mounted and shown in the same moment comes into view."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from opstui.ui.widgets.pane_stack import PaneStack


class Stacked(App[None]):
    def compose(self) -> ComposeResult:
        with PaneStack(initial="first", id="stack"):
            yield Static("first pane", id="first")


def in_view(app: App[None], child: str) -> bool:
    return app.screen.region.contains_region(app.query_one(f"#{child}").region)


async def test_a_pane_mounted_and_shown_at_once_is_the_one_in_view() -> None:
    # The stack is as wide as one pane until the new child is laid out, so the first
    # scroll to it stops short: the pane the user left stayed on screen under the new
    # pane's key bar (seen on a loaded machine).
    app = Stacked()
    async with app.run_test(size=(60, 10)) as pilot:
        stack = app.query_one(PaneStack)
        for name in ("second", "third"):
            await stack.mount(Static(f"{name} pane", id=name))
            stack.current = name
            await pilot.pause()
            assert in_view(app, name)
            assert not in_view(app, "first")
        stack.current = "first"
        await pilot.pause()
        assert in_view(app, "first")
