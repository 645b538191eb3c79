"""The workspace (issue 18): a film project in the browser, for translators and volunteers.

``app.py`` wires the Starlette application and its guards (Host check, body limit, security
headers); ``auth.py`` turns a request's token into an invite; ``api.py`` is the JSON contract;
``pages.py`` the HTML shells, the film and the downloads; ``server.py`` binds and runs uvicorn.
Every rule about cues, versions, rights and files lives in ``subs.project`` (``cues.py``,
``invites.py``); these modules parse, call it and render.
"""
