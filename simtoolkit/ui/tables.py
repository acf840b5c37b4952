"""An editor for table parameters (tenure bands, member shares, townships, point items): a grid of boxes.

One row of widgets per table row, one column per declared column (number and whole-number boxes,
drop-downs for choices, text boxes), a button to remove a row and one to add a row. The value is
the list of row tables a scenario file writes; the schema checks it like any other value, and each
message (``key[row].column: ...``) is shown under the grid.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simtoolkit.report.vocabulary import source as source_text, term as term_label
from simtoolkit.scenario import Param
from simtoolkit.scenario.schema import Column

CELL_WIDTH, BUTTON_WIDTH = "104px", "34px"


class TableControl:
    """A table parameter's editor: label, header of column labels, rows of cells, add/remove, messages."""

    def __init__(self, param: Param, value: list[dict] | None, lang: str, on_change: Callable[[str], None],
                 label_width: str):
        self.param, self.lang, self._on_change = param, lang, on_change
        self._muted, self._enabled = False, True
        self._given = value is not None  # a table the scenario lacks counts as not given until a row is added
        self.label = widgets.HTML(layout=widgets.Layout(min_width=label_width))
        self.error = widgets.HTML("", layout=widgets.Layout(width="auto"))
        self.error.add_class("simtk-error")
        self.header = widgets.HBox(layout=widgets.Layout(margin="0 0 0 4px"))
        self.grid = widgets.VBox([])
        self.grid.add_class(f"simtk-table-{param.key.replace('.', '-')}")
        self.add = widgets.Button(description="+", layout=widgets.Layout(width="auto"))  # no icon font: the page stays offline
        self.add.add_class("simtk-table-add")
        self.add.on_click(lambda _: self.add_row())
        self.rows: list[dict[str, widgets.Widget]] = []
        # the label above the grid: a table needs the panel's whole width
        grid = widgets.VBox([self.header, self.grid, self.add], layout=widgets.Layout(margin="0 0 0 24px", width="fit-content"))
        self.row = widgets.VBox([widgets.HBox([self.label, self.error]), grid])
        self.row.add_class("simtk-param")
        self.set_language(lang)
        self.set_value(value)

    # ---- cells --------------------------------------------------------------------------
    def _cell(self, column: Column, value: Any) -> widgets.Widget:
        """One cell's widget by the column's kind."""
        layout = widgets.Layout(width=CELL_WIDTH)
        if column.kind == "integer":
            w = widgets.IntText(value=int(value) if value is not None else 0, layout=layout)
        elif column.kind == "number":
            w = widgets.FloatText(value=float(value) if value is not None else 0.0, layout=layout)
        elif column.kind == "choice":
            # a value beyond the column's own choices is one of the scenario's own (`also`: a role it declares)
            choices = column.choices + ((value,) if column.also and isinstance(value, str) and value not in column.choices else ())
            w = widgets.Dropdown(options=[(term_label(c, self.lang), c) for c in choices],
                                 value=value if value in choices else choices[0], layout=layout)
        elif column.kind == "bool":
            w = widgets.Checkbox(value=bool(value), indent=False, layout=layout)
        else:
            w = widgets.Text(value="" if value is None else str(value), continuous_update=False, layout=layout)
        w.add_class(f"simtk-cell-{column.name}")
        w.observe(self._changed, "value")
        return w

    def add_row(self, values: dict | None = None) -> None:
        """Append a row (a copy of the last row, or the given values) and announce the change."""
        values = values or (self._read_row(self.rows[-1]) if self.rows else {})
        cells = {c.name: self._cell(c, values.get(c.name)) for c in self.param.columns}
        self.rows.append(cells)
        self._given = True
        self._lay_out()
        self._changed(None)

    def remove_row(self, index: int) -> None:
        """Drop a row and announce the change."""
        del self.rows[index]
        self._lay_out()
        self._changed(None)

    def _lay_out(self) -> None:
        """Rebuild the grid's rows (after adding or removing one)."""
        boxes = []
        for i, cells in enumerate(self.rows):
            remove = widgets.Button(description="−", layout=widgets.Layout(width=BUTTON_WIDTH), disabled=not self._enabled)
            remove.on_click(lambda _, i=i: self.remove_row(i))
            box = widgets.HBox([*cells.values(), remove])
            box.add_class(f"simtk-row-{i}")
            boxes.append(box)
        self.grid.children = boxes
        self.set_enabled(self._enabled)

    def _changed(self, _change) -> None:
        """Tell the panel (unless values are being set programmatically)."""
        if not self._muted:
            self._on_change(self.param.key)

    # ---- values -------------------------------------------------------------------------
    def _read_row(self, cells: dict[str, widgets.Widget]) -> dict:
        """One row as a scenario writes it (whole numbers stay whole where the column is a number)."""
        row = {}
        for column in self.param.columns:
            value = cells[column.name].value
            if column.kind == "number" and float(value).is_integer():
                value = int(value)
            row[column.name] = value
        return row

    def value(self) -> list[dict] | None:
        """The rows as written, or None while a table the scenario lacks has not been given."""
        return [self._read_row(cells) for cells in self.rows] if self._given else None

    def set_value(self, value: list[dict] | None) -> None:
        """Show a written table (None: not given) without announcing a change."""
        self._muted = True
        try:
            self._given = value is not None
            self.rows = [{c.name: self._cell(c, row.get(c.name)) for c in self.param.columns} for row in value or []]
            self._lay_out()
        finally:
            self._muted = False

    def set_enabled(self, enabled: bool) -> None:
        """Grey the table out (its group is switched off) or back."""
        self._enabled = enabled
        self.add.disabled = not enabled
        for box in self.grid.children:
            for w in box.children:
                w.disabled = not enabled

    def set_language(self, lang: str) -> None:
        """Labels and column headers in a language."""
        self.lang = lang
        unit = f"({self.param.unit})" if self.param.unit else ""
        source = html.escape(source_text(self.param, lang)).replace("\n", " ")
        self.label.value = f'<span title="{source}">{html.escape(self.param.label(lang))}{unit}</span>'
        self.header.children = [widgets.HTML(f"<b style='font-size:12px'>{html.escape(c.zh if lang == 'zh' else c.en)}"
                                             f"{'(' + c.unit + ')' if c.unit else ''}</b>", layout=widgets.Layout(width=CELL_WIDTH))
                                for c in self.param.columns]

    def show_error(self, text: str) -> None:
        """Show validation messages under the grid (empty: clear them)."""
        self.error.value = f'<span style="color:#b00020">{html.escape(text)}</span>' if text else ""
