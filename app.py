"""The console as an ASGI app: Streamlit (streamlit_app.py) plus the session-cookie routes (dashboard/ui/web.py),
behind the HTTP guard (bounded bodies, same-origin session routes: dashboard/ui/http_guard.py).

Start it with `streamlit run app.py` (or any ASGI server: `uvicorn app:app`).
"""
from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard.ui.http_guard import HttpGuard
from dashboard.ui.web import routes

app = App("streamlit_app.py", routes=routes(), middleware=[Middleware(HttpGuard)])
