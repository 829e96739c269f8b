"""Consent stickers: merchants' streams by sticker state, issue and print stickers, verify or reject."""
import pandas as pd
import streamlit as st

from dashboard.enums import StickerStatus, StickerVerificationOutcome, StreamState
from dashboard.services.compliance import sticker_print, stickers
from dashboard.ui.auth import act, page
from dashboard.ui.charts import category_bars
from dashboard.ui.context import settings
from dashboard.ui.dialogs import ask, confirmed
from dashboard.ui.evidence import evidence
from dashboard.ui.formatting import label, readable
from dashboard.ui.i18n import t

with page("consent_stickers") as viewer:
    view = act(viewer, stickers.merchant_view)
    may_manage, may_verify = view.may_manage, view.may_verify
    rows = view.rows
    if rows and not st.toggle(t("Include streams already taken down (to issue a sticker before a restore)")):
        rows = [r for r in rows if r["state"] != StreamState.TAKEN_DOWN]
    if not rows:
        st.info(t("No merchant streams."))
        st.stop()
    table = pd.DataFrame(rows)
    counts = table.groupby("sticker").size().reset_index(name="streams").rename(columns={"sticker": "category"})
    st.altair_chart(category_bars(counts, value="streams", title=t("Merchant streams by sticker state")),
                    width="stretch")
    state = st.segmented_control(t("Show"), [s.value for s in StickerStatus if s != StickerStatus.NOT_REQUIRED],
                                 default="missing", format_func=label)
    focus = st.session_state.get("sticker_focus")  # the stream just given a sticker stays in view to print or revoke
    shown = [r for r in rows if not state or r["sticker"] == state or r["id"] == focus]
    st.dataframe(readable(pd.DataFrame(shown), hide=("evidence", "id", "sticker_id")), hide_index=True)
    if not shown:
        st.stop()
    row = st.selectbox(t("Stream"), shown, index=next((i for i, r in enumerate(shown) if r["id"] == focus), 0),
                       format_func=lambda r: f"{r['external_id']} · {r['stream']} ({label(r['sticker'])})")
    if path := stickers.evidence_file(row["evidence"], settings=settings()):
        st.caption(t("Verification photo (faces blurred)"))
        evidence(viewer, [path], key=f"sticker{row['sticker_id']}", stream_id=row["id"],
                 context=f"sticker verification photo of {row['external_id']}")  # audit context, not shown
    if done := st.session_state.pop("sticker_done", None):
        st.success(done)
    if may_manage:
        replaces = row["sticker_id"] is not None and row["sticker"] != StickerStatus.REVOKED
        if st.button(t("Issue a new sticker (revokes the current one)") if replaces else t("Issue a new sticker"),
                     icon=":material/qr_code_2:"):
            ask("issue_sticker", row["id"])
        message = (t("The current sticker of {stream} stops being valid at once; the merchant must post the new one.",
                     stream=row["external_id"]) if replaces else t("A new sticker for {stream}.", stream=row["external_id"]))
        if (stream_id := confirmed(t("Issue a new sticker?"), message, key="issue_sticker",
                                   action=t("Issue"))) is not None:
            sticker, payload = act(viewer, stickers.issue, stream_id=stream_id, settings=settings())
            st.session_state["sticker_print"] = (stickers.notice_url(payload, settings=settings()), row["stream"])
            st.session_state["sticker_focus"] = stream_id
            st.session_state["sticker_done"] = t("New sticker issued for {stream}: print it below.",
                                                 stream=row["external_id"])
            st.rerun()
    if printable := st.session_state.get("sticker_print"):
        link, title = printable
        png = sticker_print.render_png(link, title=title)
        st.image(png, width=220, caption=t("The QR code opens the platform's public notice page."))
        left, right = st.columns(2)
        left.download_button(t("Sticker PNG"), png, file_name="consent-sticker.png", mime="image/png",
                             on_click="ignore")
        right.download_button(t("Sticker PDF (A6)"), sticker_print.render_pdf(link, title=title),
                              file_name="consent-sticker.pdf", mime="application/pdf",
                              on_click="ignore")
    if may_manage and row["sticker_id"] is not None and row["sticker"] != StickerStatus.REVOKED:
        reason = st.text_input(t("Reason to revoke"), key="revoke_reason")
        if st.button(t("Revoke sticker")):
            act(viewer, stickers.revoke, sticker_id=row["sticker_id"], reason=reason)
            st.session_state["sticker_done"] = t("Sticker of {stream} revoked.", stream=row["external_id"])
            st.rerun()
    if may_verify:
        st.subheader(t("Verify from a photo"))
        photo = st.file_uploader(t("Photo of the posted sticker (JPEG or PNG)"), type=["jpg", "jpeg", "png"])
        note = st.text_input(t("Note (where the sticker is posted)"), key="verify_note")
        verify, reject = st.columns(2)
        if photo is not None and verify.button(t("Verify sticker"), type="primary"):
            outcome = act(viewer, stickers.verify_manual, stream_id=row["id"], photo=photo.getvalue(), note=note,
                          settings=settings())
            said = st.success if outcome == StickerVerificationOutcome.VALID else st.error
            said(t("Verification: {outcome}.", outcome=label(outcome)))
        if reject.button(t("Reject (not posted or not visible)")):
            act(viewer, stickers.reject_manual, stream_id=row["id"], reason=note)
            st.session_state["sticker_done"] = t("Sticker of {stream} rejected.", stream=row["external_id"])
            st.rerun()
