"""The real-page corpus: public evaluation pages through nine converters, with gold.

``build.py`` rebuilds it into ``.corpus/`` from the fetched sets; ``score.py``
scores a cleaner on it (``bench/quality.py --corpus real``). See README.md.
"""
