"""Run opstui with ``python -m opstui``."""

from opstui.cli import main

raise SystemExit(main())
