"""Consent stickers: merchants' streams by sticker state, issue and print stickers, verify or reject."""
import pandas as pd
import streamlit as st

from dashboard.enums import StickerStatus
from dashboard.services.compliance import stickers
from dashboard.ui.auth import act, page
from dashboard.ui.charts import category_bars
from dashboard.ui.context import settings

with page("consent_stickers") as viewer:
    view = act(viewer, stickers.merchant_view)
    may_manage, may_verify = view.may_manage, view.may_verify
    table = pd.DataFrame(view.rows)
    if len(table) and not st.toggle("Include streams already taken down (to issue a sticker before a restore)"):
        table = table[table["state"] != "taken_down"]
    if table.empty:
        st.info("No merchant streams.")
        st.stop()
    counts = table.groupby("sticker").size().reset_index(name="streams").rename(columns={"sticker": "category"})
    st.altair_chart(category_bars(counts, value="streams", title="Merchant streams by sticker state"), width="stretch")
    state = st.segmented_control("Show", [s.value for s in StickerStatus if s != StickerStatus.NOT_REQUIRED],
                                 default="missing")
    shown = table[table["sticker"] == state] if state else table
    st.dataframe(shown.drop(columns=["evidence"]), hide_index=True)
    labels = {int(r.id): f"{r.external_id} · {r.stream} ({r.sticker})" for r in shown.itertuples()}
    if not labels:
        st.stop()
    stream_id = st.selectbox("Stream", list(labels), format_func=labels.get)
    row = table[table["id"] == stream_id].iloc[0]
    if evidence := stickers.evidence_file(row["evidence"], settings=settings()):
        st.image(str(evidence), caption="Verification evidence (faces blurred)", width=360)
    if may_manage and st.button("Issue a new sticker (revokes the current one)"):
        sticker, payload = act(viewer, stickers.issue, stream_id=stream_id, settings=settings())
        st.session_state["sticker_print"] = (payload, row["stream"])
    if printable := st.session_state.get("sticker_print"):
        payload, title = printable
        png = stickers.render_png(payload, title=title)
        st.image(png, width=220)
        left, right = st.columns(2)
        left.download_button("Sticker PNG", png, file_name="consent-sticker.png", mime="image/png")
        right.download_button("Sticker PDF (A6)", stickers.render_pdf(payload, title=title),
                              file_name="consent-sticker.pdf", mime="application/pdf")
    if may_manage and row["sticker_id"] and row["sticker"] != "revoked":
        reason = st.text_input("Reason to revoke", key="revoke_reason")
        if st.button("Revoke sticker"):
            act(viewer, stickers.revoke, sticker_id=int(row["sticker_id"]), reason=reason)
            st.rerun()
    if may_verify:
        st.subheader("Verify from a photo")
        photo = st.file_uploader("Photo of the posted sticker (JPEG or PNG)", type=["jpg", "jpeg", "png"])
        note = st.text_input("Note (where the sticker is posted)", key="verify_note")
        verify, reject = st.columns(2)
        if photo is not None and verify.button("Verify sticker", type="primary"):
            outcome = act(viewer, stickers.verify_manual, stream_id=stream_id, photo=photo.getvalue(), note=note,
                          settings=settings())
            (st.success if outcome.value == "valid" else st.error)(f"Verification: {outcome.value}.")
        if reject.button("Reject (not posted or not visible)"):
            act(viewer, stickers.reject_manual, stream_id=stream_id, reason=note)
            st.rerun()
