"""The rules, one module a family, named after the first word of their ids.

Each module registers its rules when it is imported, and the order of the imports
below is the order of ``check --rules`` (and of the README's table of rules):

governance (governance-*), readability (readability-*), advertising (ad-*),
sources (source-*), accessibility (a11y-*), structure (structure-*), brand
(brand-*), translation (translation-*), allow (allow-*).
"""

# The rules register in the order of these imports: keep it.
# isort: off
from . import (  # noqa: F401  (imported for the rules they register)
    governance,
    readability,
    advertising,
    sources,
    accessibility,
    structure,
    brand,
    translation,
    allow,
)
# isort: on
