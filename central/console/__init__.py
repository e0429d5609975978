"""Head office's web console, served by central under ``/console``.

Server-rendered pages (Jinja2) with a little htmx, over central's own services: the same
functions the admin API calls, in the same transactions, so a button in the console and a
call to ``/v1/admin/…`` do one thing one way. People sign in with console accounts
(:mod:`central.console.accounts`); the bearer admin token stays for automation.
"""

from central.console.app import mount

__all__ = ["mount"]
