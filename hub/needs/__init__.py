"""Saved needs: firms describe a training need, get e-mails when matching offers appear.

``model`` (what a need is and how it becomes the API's search), ``store`` (own tables in the
catalogue file), ``mail`` (SMTP from ``REGIOHUB_SMTP_URL``), ``match`` (percolating new
listings against the needs), ``notify`` (match + send, idempotent), ``summary`` (the
anonymous Bedarfsradar). See docs/needs.md.
"""
