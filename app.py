"""The console as an ASGI app: Streamlit (streamlit_app.py) plus the session-cookie routes (dashboard/ui/web.py).

Start it with `streamlit run app.py` (or any ASGI server: `uvicorn app:app`).
"""
from streamlit.starlette import App

from dashboard.ui.web import routes

app = App("streamlit_app.py", routes=routes())
