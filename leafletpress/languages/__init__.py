"""The printed words of each language other than English, one module per language.

Each module holds ``WORDS``, a :class:`leafletpress.i18n.Words` table with every
string of the English one translated; ``i18n.words`` loads them by language tag.
"""
