"""Download buttons under a chart: its data as CSV (cells made inert) and the chart as PNG (prepared on demand)."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.services.tables.spreadsheet import for_excel, frame_csv
from dashboard.ui.charts import to_png
from dashboard.ui.formatting import readable
from dashboard.ui.i18n import t


def export_buttons(name: str, frame: pd.DataFrame, chart: alt.Chart) -> None:
    """CSV and PNG downloads for one chart; the PNG is rendered only when asked for (vl-convert is slow)."""
    csv, png = st.columns(2)
    # Headers, codes and times as the reader reads them on the page; a download does not rerun the page.
    csv.download_button(t("CSV"), for_excel(frame_csv(readable(frame, hide=()))), file_name=f"{name}.csv",
                        mime="text/csv", key=f"csv_{name}", on_click="ignore")
    if png.button(t("Prepare PNG"), key=f"png_{name}"):  # the button owns this key: the image is kept under another
        st.session_state[f"png_data_{name}"] = to_png(chart)
    if data := st.session_state.get(f"png_data_{name}"):
        png.download_button(t("Download PNG"), data, file_name=f"{name}.png", mime="image/png", key=f"dl_{name}",
                            on_click="ignore")
