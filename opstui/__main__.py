"""Run opstui with ``python -m opstui``."""

from opstui.client import main

raise SystemExit(main())
