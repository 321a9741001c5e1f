"""Composition root and the ``p2pdesk`` entry point.

The CLI lives in ``app.cli``; this module injects the GUI launcher so that
``app`` never imports Qt (STYLE rule 1).
"""

from __future__ import annotations

import argparse
import sys


def launch_gui(args: argparse.Namespace) -> int:
    """Start the desktop client. Called on the main thread."""
    from ui.app_main import run_client

    return run_client(db_url=args.db, first_run_demo=bool(args.first_run_demo))


def entry() -> int:
    from app.cli import main

    return main(sys.argv[1:], gui_launcher=launch_gui)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
