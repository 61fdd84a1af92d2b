"""The Explorer's state: a traitlets model with no widgets in it, so it can be tested alone."""

from __future__ import annotations

from datetime import date

from traitlets import Bool, Enum, HasTraits, Instance, Int, Tuple, Unicode, observe, validate

from .filters import LOCATION_CHOICES, PAGE_SIZE, Filters
from .rules import select_range

FILTER_TRAITS = ("start", "end", "platforms", "kinds", "wheres", "albums", "audiences", "bases", "statuses", "flags",
                 "location", "text", "newest_first")


class ExplorerModel(HasTraits):
    """Filters, page, selected items and the item shown in detail."""

    start = Instance(date, allow_none=True, help="first day shown (UTC), None for no bound")
    end = Instance(date, allow_none=True, help="last day shown (UTC), None for no bound")
    platforms = Tuple(help="platforms shown; empty for all")
    kinds = Tuple(help="kinds shown; empty for all")
    wheres = Tuple(help="where it was shared (own, group, page, person, unknown); empty for all")
    albums = Tuple(help="album keys 'platform/album' shown; empty for all")
    audiences = Tuple(help="audiences shown; empty for all")
    bases = Tuple(help="audience bases shown; empty for all")
    statuses = Tuple(help="statuses shown; empty for all")
    flags = Tuple(help="review flags shown (delete, make_private, keep, unflagged); empty for all")
    location = Enum(LOCATION_CHOICES, default_value="any", help="items with a location: any, yes or no")
    text = Unicode("", help="words that must all occur in the caption")
    newest_first = Bool(True)
    page = Int(0, help="page shown, from 0")
    page_size = Int(PAGE_SIZE, help="items on a page")
    selection = Tuple(help="item ids ticked for an action")
    focus = Unicode("", help="item id shown in the detail pane")
    anchor = Unicode("", help="the item ticked last: where a shift-click range starts")

    @validate("page")
    def _page_not_negative(self, proposal: dict) -> int:
        return max(0, proposal["value"])

    @validate("page_size")
    def _page_size_positive(self, proposal: dict) -> int:
        return max(1, proposal["value"])

    @validate("start", "end")
    def _plain_date(self, proposal: dict) -> date | None:
        # a datetime is a date too; keep only its day so equal filters compare equal
        value = proposal["value"]
        return date(value.year, value.month, value.day) if value is not None else None

    @observe(*FILTER_TRAITS)
    def _back_to_first_page(self, change: dict) -> None:
        # page 3 of the old result means nothing in the new one
        self.page = 0

    def filters(self) -> Filters:
        """The current filters as an immutable value."""
        return Filters(**{name: getattr(self, name) for name in FILTER_TRAITS})

    def reset_filters(self) -> None:
        """Back to showing everything (selection and focus stay)."""
        with self.hold_trait_notifications():
            for name in FILTER_TRAITS:
                self.set_trait(name, self.trait_defaults(name))

    def toggle(self, item_id: str, selected: bool) -> None:
        """Add or remove one item from the selection, keeping the order of ticking; it becomes the anchor."""
        current = tuple(i for i in self.selection if i != item_id)
        self.selection = (*current, item_id) if selected else current
        self.anchor = item_id

    def tick_range(self, ids: tuple[str, ...], target: str) -> None:
        """Shift-click on ``target`` among the page's ``ids``: the range from the anchor takes its new state."""
        self.selection = select_range(self.selection, ids, self.anchor, target)
        self.anchor = target
