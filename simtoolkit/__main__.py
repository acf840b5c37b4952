"""`python -m simtoolkit ...`: the `simtoolkit` command, where no script folder is on PATH."""

import sys

from simtoolkit.cli.main import main

sys.exit(main())
