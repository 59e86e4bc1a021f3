#!/usr/bin/env python3
"""Build the clinic's leaflets: ``python build.py --help`` lists the commands.

A thin entry like Django's ``manage.py``: the work happens in the ``leafletpress``
package. It stays a script (never imported as ``build``, which would shadow
PyPA's build package).
"""

import sys
from importlib.util import find_spec
from pathlib import Path

# Run with a Python that lacks the project's packages (the system one, outside the
# virtual environment), the command would fail part-way with a traceback: say how to
# fix it instead. find_spec looks the packages up without importing them.
NEEDED = ("click", "jinja2", "markdown", "yaml", "weasyprint", "fontpkg_atkinson_hyperlegible")

if __name__ == "__main__":
    missing = [name for name in NEEDED if find_spec(name) is None]
    if missing:
        sys.exit(
            f"Error: this Python ({sys.executable}) does not have Leaflet Press's packages "
            f"({', '.join(missing)}); run it as .venv/bin/python build.py, or activate the "
            "environment with '. .venv/bin/activate' (see the README's Quick start)."
        )
    from leafletpress.cli import main

    main(default_project=Path(__file__).resolve().parent)
