#!/usr/bin/env python3
"""Build the clinic's leaflets: ``python build.py --help`` lists the commands.

A thin entry like Django's ``manage.py``: the work happens in the ``leafletpress``
package. It stays a script (never imported as ``build``, which would shadow
PyPA's build package).
"""

from pathlib import Path

from leafletpress.cli import main

if __name__ == "__main__":
    main(default_project=Path(__file__).resolve().parent)
