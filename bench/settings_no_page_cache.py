"""Production settings with the customer area's page cache switched off, for ``bench/account_pages.py
--no-page-cache`` (the cost of a first look at an order page)."""

from postpurchase.settings.production import *  # noqa: F403

ACCOUNT_PAGE_CACHE_SECONDS = 0
