"""The web app (``python build.py serve``): the handout form and the JSON API.

``create_app(project_root)`` makes the Flask app; ``server.serve`` runs it with
waitress and worker processes. Imported only by the ``serve`` command, so the
command line starts without Flask.
"""

from .app import create_app

__all__ = ["create_app"]
